import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';

/**
 * The GitHub runner's protocol for what this action needs at every run: inputs, outputs, log commands and masking.
 * @actions/core does the same but loads an HTTP client (undici) at import, which doubled the time from start to the
 * first AWS request; it is loaded only to write the job summary, at the end of a run.
 */

/** Workflow command data: the runner reads one line, so newlines (and %) are escaped as @actions/core does. */
function escape(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function command(name: string, message: string): void {
  process.stdout.write(`::${name}::${escape(message)}${EOL}`);
}

/** An input as the runner passes it: `INPUT_<NAME>`, upper-cased, hyphens kept; '' when not given. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

export function setOutput(name: string, value: string): void {
  const file = process.env.GITHUB_OUTPUT;
  if (!file) {
    process.stdout.write(`${EOL}::set-output name=${name}::${escape(value)}${EOL}`);
    return;
  }
  const delimiter = `ghadelimiter_${randomUUID()}`;
  appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, 'utf8');
}

/** The runner replaces the value with *** in every later log line. */
export function setSecret(value: string): void {
  if (value) command('add-mask', value);
}

export function info(message: string): void {
  process.stdout.write(`${message}${EOL}`);
}

export function warning(message: string): void {
  command('warning', message);
}

export function startGroup(title: string): void {
  command('group', title);
}

export function endGroup(): void {
  process.stdout.write(`::endgroup::${EOL}`);
}

/** Fails the step: an error annotation, and exit code 1 once the run ends. */
export function setFailed(message: string): void {
  process.exitCode = 1;
  command('error', message);
}
