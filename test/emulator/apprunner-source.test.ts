import { describe, expect, it } from '@jest/globals';
import {
  CreateServiceCommand,
  InvalidRequestException,
  ListConnectionsCommand,
  UpdateServiceCommand,
  type CreateServiceCommandInput,
} from '@aws-sdk/client-apprunner';
import { settled } from '../../tools/emulator/helpers.ts';
import { useEmulator } from './use-emulator.ts';

const ctx = useEmulator({ operationMs: 50 });

function codeService(name: string, connectionArn: string, source: 'API' | 'REPOSITORY'): CreateServiceCommandInput {
  return {
    ServiceName: name,
    SourceConfiguration: {
      CodeRepository: {
        RepositoryUrl: 'https://github.com/octo-org/web',
        SourceCodeVersion: { Type: 'BRANCH', Value: 'main' },
        CodeConfiguration: {
          ConfigurationSource: source,
          CodeConfigurationValues: source === 'API' ? { Runtime: 'NODEJS_18', Port: '3000' } : undefined,
        },
      },
      AuthenticationConfiguration: { ConnectionArn: connectionArn },
    },
  };
}

describe('source-code services', () => {
  it('build through an AVAILABLE connection, log the build, and report the source as created', async () => {
    const connection = ctx.emulator.seedConnection('github-org');
    const { Service: created } = await ctx.aws.apprunner.send(
      new CreateServiceCommand(codeService('code-web', connection.arn, 'API')),
    );
    const service = await settled(ctx.aws.apprunner, created?.ServiceArn ?? '');
    expect(service.Status).toBe('RUNNING');
    expect(service.SourceConfiguration?.CodeRepository).toMatchObject({
      RepositoryUrl: 'https://github.com/octo-org/web',
      SourceDirectory: '/',
      CodeConfiguration: { ConfigurationSource: 'API', CodeConfigurationValues: { Runtime: 'NODEJS_18' } },
    });
    const log = ctx.emulator.serviceEventLog('code-web');
    expect(log && ctx.emulator.logMessages(log)).toContain(
      '[AppRunner] Successfully built your application source code.',
    );
    const listed = await ctx.aws.apprunner.send(new ListConnectionsCommand({ ConnectionName: 'github-org' }));
    expect(listed.ConnectionSummaryList).toEqual([
      expect.objectContaining({ ConnectionArn: connection.arn, Status: 'AVAILABLE', ProviderType: 'GITHUB' }),
    ]);
  });

  it('refuses a connection that is not AVAILABLE, and CodeConfigurationValues missing for API', async () => {
    const pending = ctx.emulator.seedConnection('pending-org', { status: 'PENDING_HANDSHAKE' });
    await expect(
      ctx.aws.apprunner.send(new CreateServiceCommand(codeService('code-pending', pending.arn, 'API'))),
    ).rejects.toThrow('Connection status: PENDING_HANDSHAKE');
    const connection = ctx.emulator.seedConnection('github-org');
    const input = codeService('code-novalues', connection.arn, 'API');
    delete input.SourceConfiguration?.CodeRepository?.CodeConfiguration?.CodeConfigurationValues;
    await expect(ctx.aws.apprunner.send(new CreateServiceCommand(input))).rejects.toBeInstanceOf(
      InvalidRequestException,
    );
  });

  it('fails a create whose build fails, and refuses a rebuild that changes the configuration source', async () => {
    const connection = ctx.emulator.seedConnection('github-org');
    ctx.emulator.failNextBuild('code-broken', ['[Build] npm ERR! missing script: build']);
    const { Service: created } = await ctx.aws.apprunner.send(
      new CreateServiceCommand(codeService('code-broken', connection.arn, 'REPOSITORY')),
    );
    const service = await settled(ctx.aws.apprunner, created?.ServiceArn ?? '');
    expect(service.Status).toBe('CREATE_FAILED');
    const operation = ctx.emulator.service('code-broken')?.operations[0].id;
    const lines = ctx.emulator.logMessages({
      group: `/aws/apprunner/code-broken/${service.ServiceId}/service`,
      stream: `deployment/${operation}`,
    });
    expect(lines).toEqual([
      '[AppRunner] Starting to build your application source code.',
      '[Build] npm ERR! missing script: build',
      "[AppRunner] Failed to build your application source code. Reason: Failed to execute 'build' command.",
    ]);
    const { ServiceName: _name, ...rest } = codeService('code-broken', connection.arn, 'API');
    await expect(
      ctx.aws.apprunner.send(new UpdateServiceCommand({ ServiceArn: service.ServiceArn, ...rest })),
    ).rejects.toThrow('ConfigurationSource cannot be changed from REPOSITORY to API for CREATE_FAILED services');
  });
});
