/** Replaces @actions/core with recorders; call before importing the modules under test. */
import { jest } from '@jest/globals';

export interface CoreLog {
  lines: string[];
  secrets: string[];
  groups: string[];
}

export function mockCore(): CoreLog {
  const log: CoreLog = { lines: [], secrets: [], groups: [] };
  jest.unstable_mockModule('@actions/core', () => ({
    info: (line: string) => log.lines.push(line),
    warning: (line: string) => log.lines.push(`warning: ${line}`),
    debug: () => undefined,
    startGroup: (name: string) => log.groups.push(name),
    endGroup: () => undefined,
    setSecret: (secret: string) => log.secrets.push(secret),
  }));
  return log;
}
