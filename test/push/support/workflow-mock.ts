/** Replaces the action's workflow-command module with recorders; call before importing the modules under test. */
import { jest } from '@jest/globals';

export interface WorkflowLog {
  lines: string[];
  secrets: string[];
  groups: string[];
}

export function mockWorkflow(): WorkflowLog {
  const log: WorkflowLog = { lines: [], secrets: [], groups: [] };
  jest.unstable_mockModule('../../../src/core/workflow.ts', () => ({
    info: (line: string) => log.lines.push(line),
    warning: (line: string) => log.lines.push(`warning: ${line}`),
    startGroup: (name: string) => log.groups.push(name),
    endGroup: () => undefined,
    setSecret: (secret: string) => log.secrets.push(secret),
    getInput: () => '',
    setOutput: () => undefined,
    setFailed: () => undefined,
  }));
  return log;
}
