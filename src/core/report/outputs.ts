import * as workflow from '../workflow.js';

/** Every output the run knows, set on failure too; the target names them (see Target.outputs). */
export function setOutputs(outputs: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(outputs)) if (value) workflow.setOutput(name, value);
}
