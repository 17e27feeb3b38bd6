/** Injected faults: each answers the next `times` matching requests, then disappears. */
import type { EmulatorState, Fault, FaultKind } from './state.ts';

export function addFault(state: EmulatorState, fault: Fault): void {
  const times = fault.times ?? 1;
  if (!Number.isInteger(times) || times < 1) throw new Error(`Fault times must be a positive integer, got ${times}`);
  state.faults.push({ operation: fault.operation, kind: fault.kind, times, delayMs: fault.delayMs ?? 2000 });
}

export function takeFault(state: EmulatorState, operation: string): { kind: FaultKind; delayMs: number } | undefined {
  const index = state.faults.findIndex((fault) => fault.operation === operation || fault.operation === '*');
  if (index < 0) return undefined;
  const fault = state.faults[index];
  fault.times -= 1;
  if (fault.times <= 0) state.faults.splice(index, 1);
  return { kind: fault.kind, delayMs: fault.delayMs };
}
