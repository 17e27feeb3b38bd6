import { describe, expect, it } from '@jest/globals';
import { parseAppRunnerInputs as parseInputs } from '../../src/targets/apprunner/inputs.ts';

const CONNECTION = `arn:aws:apprunner:eu-west-1:123456789012:connection/github/${'c'.repeat(32)}`;
const BASE = {
  service: 'web-app',
  region: 'eu-west-1',
  repo: 'https://github.com/octo-org/web.git',
  'source-connection-arn': CONNECTION,
};

function parse(inputs: Record<string, string>) {
  const all: Record<string, string> = { ...BASE, ...inputs };
  return parseInputs((name) => all[name] ?? '', {});
}

describe('source-code inputs', () => {
  it('build with the API when a runtime is given, from apprunner.yaml otherwise, on main by default', () => {
    expect(parse({ runtime: 'nodejs_18', 'build-command': 'npm ci' }).sourceCode).toEqual({
      repositoryUrl: 'https://github.com/octo-org/web',
      connectionArn: CONNECTION,
      branch: 'main',
      sourceDirectory: undefined,
      configurationSource: 'API',
      runtime: 'NODEJS_18',
      buildCommand: 'npm ci',
    });
    expect(parse({ branch: 'release', 'source-directory': 'api' }).sourceCode).toMatchObject({
      branch: 'release',
      sourceDirectory: 'api',
      configurationSource: 'REPOSITORY',
    });
  });

  it.each([
    [{ image: 'public.ecr.aws/nginx/nginx:1' }, 'Input `repo`: and `image` exclude each other'],
    [{ repo: '', 'source-connection-arn': '', runtime: 'NODEJS_18' }, 'Input `runtime`: goes with `repo`'],
    [{ repo: '', 'source-connection-arn': '', branch: 'dev' }, 'Input `branch`: goes with `repo`'],
    [{ runtime: 'NODEJS_99' }, 'Input `runtime`: `NODEJS_99` is not allowed; use one of `CORRETTO_11`'],
    [{ 'source-connection-arn': '' }, 'Input `source-connection-arn`: is required with `repo`'],
    [{ 'configuration-source': 'api' }, 'Input `runtime`: is required with `configuration-source: api`'],
    [
      { 'configuration-source': 'repository', 'env-vars': 'A=1' },
      'Input `env-vars`: does not apply with `configuration-source: repository`',
    ],
    [
      { runtime: 'GO_1', 'access-role-arn': 'arn:aws:iam::123456789012:role/ecr' },
      'Input `access-role-arn`: is for ECR images',
    ],
  ])('refuse %j', (inputs, message) => {
    expect(() => parse(inputs)).toThrow(message);
  });
});
