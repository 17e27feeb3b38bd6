/** AWS's wording for the violations validate.ts finds. */
import type { Violation } from './validate.ts';

/** How AWS's (Java) front end prints a value: strings bare, lists `[a, b]`, structures and maps `{k=v}`. */
function javaString(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(javaString).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value)
      .map(([key, item]) => `${key}=${javaString(item)}`)
      .join(', ')}}`;
  }
  return String(value);
}

function shown(violation: Violation): string {
  if (violation.value === null) return 'Value null';
  if (violation.sensitive) return 'Value';
  return `Value '${javaString(violation.value)}'`;
}

/** `1 validation error detected: Value 'x' at 'serviceName' failed to satisfy constraint: ...` (`; ` between more). */
export function validationMessage(violations: Violation[]): string {
  const count = violations.length;
  const parts = violations.map(
    (violation) => `${shown(violation)} at '${violation.path}' failed to satisfy constraint: ${violation.constraint}`,
  );
  return `${count} validation error${count === 1 ? '' : 's'} detected: ${parts.join('; ')}`;
}

/** ECR names only the first violation, in its own words. */
export const ecrMessage = (violations: Violation[]): string =>
  `Invalid parameter at '${violations[0].path}' failed to satisfy constraint: '${violations[0].constraint}'`;
