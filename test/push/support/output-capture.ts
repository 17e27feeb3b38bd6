/**
 * Records what goes to this process's stdout and stderr, where @actions/exec echoes each command line and the
 * child's output (the docker CLI path), so a test can check no credential is among it.
 */
import { jest } from '@jest/globals';

export interface CapturedOutput {
  text(): string;
  restore(): void;
}

type Write = (chunk: unknown, ...rest: unknown[]) => boolean;

export function captureOutput(): CapturedOutput {
  const chunks: string[] = [];
  const record: Write = (chunk, ...rest) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  };
  const spies = [process.stdout, process.stderr].map((stream) =>
    jest.spyOn(stream as unknown as { write: Write }, 'write').mockImplementation(record),
  );
  return {
    text: () => chunks.join(''),
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
}
