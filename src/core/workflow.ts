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

/** U+200B: not whitespace to the runner (which trims blanks before looking for `::`), and invisible in the log. */
const ZERO_WIDTH_SPACE = '\u200B';

/**
 * Text from outside (inputs, AWS answers, registries, log lines) made inert before it is printed. The runner reads a
 * line that starts with `::` after blanks as a workflow command (`::add-mask::`, `::set-output ...`), and `##[name]`
 * anywhere in a line as the old form of one; JS's multiline `^` also matches after a lone CR, which the runner treats
 * as a line end too. A zero-width space in front keeps the words as they read. Inside a command's data (warning,
 * group, error) `::` is harmless anyway: escape() keeps it on the command's one line, and the runner takes the
 * command name up to the first `::` after the leading one, so the rest is data; it is neutralised there as well so
 * that a copy of the text printed elsewhere stays inert.
 */
function neutralise(text: string): string {
  // Blanks as .NET counts them: JS's \s without the line ends, plus NEL (U+0085), which JS's \s leaves out.
  return text
    .replace(/^((?:[^\S\r\n]|\u0085)*)::/gm, `$1${ZERO_WIDTH_SPACE}::`)
    .replace(/##\[/g, `##${ZERO_WIDTH_SPACE}[`);
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

/** info, warning, startGroup and setFailed print text that may come from outside: they neutralise it. */
export function info(message: string): void {
  process.stdout.write(`${neutralise(message)}${EOL}`);
}

export function warning(message: string): void {
  command('warning', neutralise(message));
}

export function startGroup(title: string): void {
  command('group', neutralise(title));
}

export function endGroup(): void {
  process.stdout.write(`::endgroup::${EOL}`);
}

/** Fails the step: an error annotation, and exit code 1 once the run ends. */
export function setFailed(message: string): void {
  process.exitCode = 1;
  command('error', neutralise(message));
}
