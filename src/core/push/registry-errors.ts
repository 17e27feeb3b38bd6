/** Errors of registry requests, and which of them are worth another attempt. */
import { setTimeout as sleep } from 'node:timers/promises';

const RETRYABLE_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNREFUSED', 'ECONNABORTED', 'EAI_AGAIN']);
/** Codes of requests we stopped on purpose: retrying them would undo the stop. */
const STOPPED_CODES = new Set(['ABORT_ERR', 'ERR_CLIENT_CLOSED']);

export class RegistryError extends Error {
  readonly status: number;
  readonly code: string | undefined;

  constructor(message: string, status: number, code?: string) {
    super(message);
    this.name = 'RegistryError';
    this.status = status;
    this.code = code;
  }
}

/** Whether a failed request is worth another attempt: server errors, throttling, dropped or idle connections. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof RegistryError) return error.status >= 500 || error.status === 429;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined && STOPPED_CODES.has(code)) return false;
  if ((error as Error | undefined)?.name === 'AbortError') return false;
  return (code !== undefined && RETRYABLE_CODES.has(code)) || /socket hang up|aborted/i.test(String(error));
}

/** A request stopped because the push it belongs to is failing anyway (another blob failed). */
export function stoppedError(): Error {
  return Object.assign(new Error('Request stopped: the push is failing.'), { name: 'AbortError', code: 'ABORT_ERR' });
}

export function closedError(registry: string): Error {
  return Object.assign(new Error(`The client of registry ${registry} is closed.`), { code: 'ERR_CLIENT_CLOSED' });
}

/** No byte in either direction for too long: the connection is presumed dead, so the request may be retried. */
export function idleTimeoutError(what: string, ms: number): Error {
  return Object.assign(new Error(`${what}: no data for ${ms / 1000} s.`), { code: 'ETIMEDOUT' });
}

/** Waits `ms`, or fails at once with a stop error when `signal` aborts. */
export async function delay(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await sleep(ms, undefined, { signal });
  } catch (error) {
    if (signal?.aborted) throw stoppedError();
    throw error;
  }
}

/** `errors[].code: message` from a registry error body, or a short excerpt of a non-JSON body. */
export function registryMessage(body: Buffer): { code?: string; message: string } {
  const text = body.toString('utf8');
  try {
    const parsed = JSON.parse(text) as { errors?: { code?: string; message?: string; detail?: unknown }[] };
    if (Array.isArray(parsed.errors) && parsed.errors.length > 0) {
      const parts = parsed.errors.map((e) => [e.code, e.message].filter(Boolean).join(': '));
      return { code: parsed.errors[0].code, message: parts.join('; ') };
    }
  } catch {
    // not JSON: fall through to the raw text
  }
  return { message: text.trim().slice(0, 200) || '(empty body)' };
}
