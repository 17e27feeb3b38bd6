import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import * as workflow from '../../src/core/workflow.ts';

/*
 * Text from outside (inputs, AWS, registries) reaches the log through info/warning/startGroup/setFailed. The runner
 * reads a line that starts with `::` (after blanks) as a workflow command, and `##[name]` anywhere in a line as the
 * old form of one: none of that text may produce such a line, while the action's own commands still work.
 */

const HOSTILE = [
  'Deployment failed.',
  '::set-output name=service-url::http://evil',
  '   ::add-mask::x',
  '\t::error::forged',
  'text\r::add-mask::cr',
  '\u0085::add-mask::nel',
  'text\r\n::endgroup::',
  'done ##[set-output name=service-url;]http://evil',
].join('\n');

let written: string[];

beforeEach(() => {
  written = [];
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
});

afterEach(() => {
  jest.restoreAllMocks();
  process.exitCode = undefined;
});

/** Lines as the runner splits them: on LF, CR and CR LF. */
const lines = () => written.join('').split(/\r\n|\r|\n/);
const commands = () => lines().filter((line) => /^[\s\u0085]*::/.test(line) || line.includes('##['));

describe('workflow commands from outside text', () => {
  it('info: no line of the message starts a command, and the words stay readable', () => {
    workflow.info(HOSTILE);
    expect(commands()).toEqual([]);
    const text = written.join('');
    expect(text).toContain('::set-output name=service-url::http://evil');
    expect(text).toContain('::add-mask::x');
    expect(text).toContain('set-output name=service-url;]http://evil');
  });

  it('warning, startGroup and setFailed: one command line each, the message its data', () => {
    workflow.warning(HOSTILE);
    workflow.startGroup(HOSTILE);
    workflow.setFailed(HOSTILE);
    expect(process.exitCode).toBe(1);
    expect(lines().filter((line) => line !== '')).toHaveLength(3);
    expect(commands().map((line) => line.slice(0, line.indexOf('::', 2) + 2))).toEqual([
      '::warning::',
      '::group::',
      '::error::',
    ]);
    // `::` inside the data is harmless: the runner takes the name up to the first `::` after the leading one.
    expect(lines()[0]).toMatch(
      /^::warning::Deployment failed\.%0A\u200B::set-output name=service-url::http:\/\/evil%0A/,
    );
    expect(written.join('')).not.toContain('##[');
  });

  it("keeps the action's own commands working", () => {
    const saved = process.env.GITHUB_OUTPUT;
    delete process.env.GITHUB_OUTPUT;
    try {
      workflow.setSecret('s3cr3t-value');
      workflow.startGroup('Service events');
      workflow.endGroup();
      workflow.setOutput('service-url', 'https://example.com');
    } finally {
      if (saved !== undefined) process.env.GITHUB_OUTPUT = saved;
    }
    expect(lines().filter((line) => line !== '')).toEqual([
      '::add-mask::s3cr3t-value',
      '::group::Service events',
      '::endgroup::',
      '::set-output name=service-url::https://example.com',
    ]);
  });

  it('leaves ordinary lines as they are', () => {
    workflow.info('  12.3s  update: IN_PROGRESS\nhttps://example.com:443/a::b');
    expect(written.join('')).toBe('  12.3s  update: IN_PROGRESS\nhttps://example.com:443/a::b\n');
  });
});
