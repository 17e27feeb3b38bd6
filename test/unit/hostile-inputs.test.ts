import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../src/core/inputs/errors.ts';
import { lineSafeReader, refuseControl } from '../../src/core/inputs/values.ts';
import { parseAppRunnerInputs } from '../../src/targets/apprunner/inputs.ts';
import { parseExpressInputs } from '../../src/targets/ecs-express/inputs.ts';
import { IMAGE, ROLE } from './fixtures.ts';

/*
 * A value printed in the plan diff or an error line must not be able to start a line of its own: the runner would
 * read `::set-output ...` or `::add-mask::...` there as a workflow command. Inputs that are one value refuse line
 * breaks and control characters; only `env-vars` values (never printed) may be multi-line.
 */

const INJECTION = '\n::set-output name=service-url::http://evil\n::add-mask::x';

const APPRUNNER = { service: 'web-app', image: IMAGE, 'access-role-arn': ROLE, region: 'eu-west-1' };
const EXPRESS = {
  service: 'web-app',
  image: 'public.ecr.aws/nginx/nginx:1.27',
  region: 'eu-west-1',
  'execution-role-arn': 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
  'infrastructure-role-arn': 'arn:aws:iam::123456789012:role/ecsInfrastructureRole',
};

function appRunner(inputs: Record<string, string>, env: Record<string, string> = {}) {
  const all: Record<string, string> = { ...APPRUNNER, ...inputs };
  return parseAppRunnerInputs((name) => all[name] ?? '', env);
}

function express(inputs: Record<string, string>, env: Record<string, string> = {}) {
  const all: Record<string, string> = { ...EXPRESS, ...inputs };
  return parseExpressInputs((name) => all[name] ?? '', env);
}

/** The error a parse throws, checked to be an InputError naming `input` and not echoing the injected line. */
function refusal(parse: () => unknown, input: string): InputError {
  let caught: unknown;
  try {
    parse();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(InputError);
  const error = caught as InputError;
  expect(error.input).toBe(input);
  expect(error.message).toContain(`Input \`${input}\``);
  expect(error.message).not.toMatch(/\n|\r/);
  return error;
}

describe('one-line inputs refuse line breaks and control characters', () => {
  it.each([
    ['start-command', `node server.js${INJECTION}`],
    ['health-check-path', `/health${INJECTION}`],
    ['health-check-path', '/health\r::add-mask::x'],
    ['service', `web-app${INJECTION}`],
    ['port', `8080${INJECTION}`],
    ['github-environment', `production${INJECTION}`],
    ['start-command', 'node server.js \u001b[2K\u001b[1Ghidden'],
    ['start-command', 'node server.js\u2028::add-mask::x'],
    ['start-command', 'node \u202Eserver.js'],
  ])('App Runner `%s`', (input, value) => {
    const error = refusal(() => appRunner({ [input]: value }), input);
    expect(error.message).toMatch(/a (line break|control character) \(U\+[0-9A-F]{4}\)/);
  });

  it.each([
    ['start-command', `node server.js${INJECTION}`],
    ['start-command', JSON.stringify(['node', `server.js${INJECTION}`])],
    ['start-command', JSON.stringify(['node', 'server.js\u0007'])],
    ['health-check-path', `/health${INJECTION}`],
    ['health-check-path', '/health\u001b[2K'],
    ['log-group', `/ecs/web${INJECTION}`],
    ['cluster', `prod${INJECTION}`],
    ['from-apprunner-service', `old-app${INJECTION}`],
    ['service', `web-app${INJECTION}`],
  ])('ECS Express `%s`', (input, value) => {
    refusal(() => express({ [input]: value }), input);
  });

  it('refuses a line break in an env var or secret name, and a tag with a control or line-separator character', () => {
    refusal(() => appRunner({ 'env-vars': 'GOOD=1\n::add-mask::x=1' }), 'env-vars');
    refusal(() => appRunner({ 'copy-env-vars': 'HOME\r::add-mask::x' }, { HOME: '/root' }), 'copy-env-vars');
    refusal(() => express({ tags: '{"team":"a\\u2028::add-mask::x"}' }), 'tags');
    refusal(() => express({ tags: '{"team":"a\\n::add-mask::x"}' }), 'tags');
    refusal(() => appRunner({ tags: 'team=a\u0007' }), 'tags');
  });

  it('still takes multi-line env-vars values and list inputs one item a line', () => {
    const config = appRunner(
      {
        'env-vars': 'CERT=-----BEGIN-----\u0009tab\nMOTD=::add-mask::x',
        tags: 'team=web\r\nstage=prod',
        'copy-env-vars': 'PEM\nHOME',
      },
      { PEM: 'line one\nline two', HOME: '/root' },
    );
    expect(config.envVars).toEqual({
      CERT: '-----BEGIN-----\ttab',
      MOTD: '::add-mask::x',
      PEM: 'line one\nline two',
      HOME: '/root',
    });
    expect(config.tags).toEqual({ team: 'web', stage: 'prod' });
    expect(express({ 'start-command': 'node  server.js\t--port 80' }).command).toEqual([
      'node',
      'server.js',
      '--port',
      '80',
    ]);
  });
});

describe('refuseControl and lineSafeReader', () => {
  it('names the code point, never the value', () => {
    expect(() => refuseControl('cluster', 'a\u0000b')).toThrow(
      'Input `cluster`: has a control character (U+0000), which this input cannot contain',
    );
    expect(() => refuseControl('tags', 'a\nb', { lines: true })).not.toThrow();
    expect(() => refuseControl('tags', 'a\u0085b', { lines: true })).toThrow('(U+0085)');
  });

  it('checks every input but env-vars, and lists only for control characters', () => {
    const values: Record<string, string> = { 'env-vars': 'A=\u0001', 'vpc-subnets': 'a\nb', region: 'x\ny' };
    const read = lineSafeReader((name) => values[name] ?? '');
    expect(read('env-vars')).toBe('A=\u0001');
    expect(read('vpc-subnets')).toBe('a\nb');
    expect(() => read('region')).toThrow('Input `region`: has a line break (U+000A)');
  });
});
