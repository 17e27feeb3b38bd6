/** Injected faults: each answers the next `times` matching requests, then disappears. */
import type { EmulatorState, Fault, FaultKind } from './state.ts';

export function addFault(state: EmulatorState, fault: Fault): void {
  const times = fault.times ?? 1;
  if (!Number.isInteger(times) || times < 1) throw new Error(`Fault times must be a positive integer, got ${times}`);
  state.faults.push({
    operation: fault.operation,
    kind: fault.kind,
    times,
    delayMs: fault.delayMs ?? 2000,
    ...(fault.service === undefined ? {} : { service: fault.service }),
  });
}

export function takeFault(
  state: EmulatorState,
  operation: string,
  service?: string,
): { kind: FaultKind; delayMs: number } | undefined {
  // Some operation names (ListServices, TagResource, ...) exist in several services: `service` tells them apart.
  const index = state.faults.findIndex(
    (fault) =>
      (fault.operation === operation || fault.operation === '*') &&
      (fault.service === undefined || fault.service === service),
  );
  if (index < 0) return undefined;
  const fault = state.faults[index];
  fault.times -= 1;
  if (fault.times <= 0) state.faults.splice(index, 1);
  return { kind: fault.kind, delayMs: fault.delayMs };
}
