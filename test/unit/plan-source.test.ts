import { describe, expect, it } from '@jest/globals';
import { planDeploy } from '../../src/targets/apprunner/plan/plan.ts';
import { config, runningService } from './fixtures.ts';

const CONNECTION = `arn:aws:apprunner:eu-west-1:123456789012:connection/github/${'c'.repeat(32)}`;
const sourceCode = {
  repositoryUrl: 'https://github.com/octo-org/web',
  connectionArn: CONNECTION,
  branch: 'main',
  configurationSource: 'API' as const,
  runtime: 'NODEJS_18' as const,
  buildCommand: 'npm ci',
};

function codeService(configurationSource: 'API' | 'REPOSITORY') {
  return runningService({
    Status: 'CREATE_FAILED',
    SourceConfiguration: {
      CodeRepository: {
        RepositoryUrl: 'https://github.com/octo-org/web',
        SourceCodeVersion: { Type: 'BRANCH', Value: 'main' },
        SourceDirectory: '/',
        CodeConfiguration: { ConfigurationSource: configurationSource },
      },
      AuthenticationConfiguration: { ConnectionArn: CONNECTION },
      AutoDeploymentsEnabled: false,
    },
  });
}

describe('planDeploy from source code', () => {
  it('creates a CodeRepository service with the build values and the connection', () => {
    const plan = planDeploy({ config: config({ sourceCode, accessRoleArn: undefined, port: '3000' }), resolved: {} });
    expect(plan.kind === 'create' && plan.request.SourceConfiguration).toEqual({
      CodeRepository: {
        RepositoryUrl: 'https://github.com/octo-org/web',
        SourceCodeVersion: { Type: 'BRANCH', Value: 'main' },
        SourceDirectory: undefined,
        CodeConfiguration: {
          ConfigurationSource: 'API',
          CodeConfigurationValues: {
            Runtime: 'NODEJS_18',
            BuildCommand: 'npm ci',
            StartCommand: undefined,
            Port: '3000',
            RuntimeEnvironmentVariables: {},
            RuntimeEnvironmentSecrets: {},
          },
        },
      },
      AutoDeploymentsEnabled: false,
      AuthenticationConfiguration: { ConnectionArn: CONNECTION },
    });
    expect(plan.image).toBe('https://github.com/octo-org/web (branch main)');
  });

  it('refuses a rebuild that changes the configuration source, and an image service turned to code', () => {
    expect(() =>
      planDeploy({ config: config({ sourceCode }), current: codeService('REPOSITORY'), resolved: {}, mode: 'rebuild' }),
    ).toThrow('ConfigurationSource cannot be changed from REPOSITORY to API for CREATE_FAILED services');
    expect(() => planDeploy({ config: config({ sourceCode }), current: runningService(), resolved: {} })).toThrow(
      'Input `repo`: service `web-app` deploys an image',
    );
  });
});
