import { describe, expect, it } from '@jest/globals';
import {
  CreateServiceCommand,
  CreateVpcConnectorCommand,
  DeleteVpcConnectorCommand,
  DescribeServiceCommand,
  DescribeVpcConnectorCommand,
  InvalidRequestException,
  ListServicesCommand,
  ListTagsForResourceCommand,
  ListVpcConnectorsCommand,
  ResourceNotFoundException,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateServiceCommand,
  paginateListServices,
} from '@aws-sdk/client-apprunner';
import { privateImageService, roleArn, settled, signedFetch } from '../../tools/emulator/helpers.ts';
import { useEmulator } from './use-emulator.ts';

const ctx = useEmulator({ operationMs: 100 });

describe('App Runner services through the real SDK', () => {
  it('creates a service shaped like DescribeService answers, with defaults filled', async () => {
    const created = await ctx.aws.apprunner.send(
      new CreateServiceCommand(privateImageService(ctx.emulator, 'web-app')),
    );
    expect(created.OperationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const service = created.Service;
    expect(service?.Status).toBe('OPERATION_IN_PROGRESS');
    expect(service?.ServiceId).toMatch(/^[0-9a-f]{32}$/);
    expect(service?.ServiceArn).toBe(`arn:aws:apprunner:eu-west-1:123456789012:service/web-app/${service?.ServiceId}`);
    expect(service?.ServiceUrl).toMatch(/^[a-z0-9]{10}\.eu-west-1\.awsapprunner\.com$/);
    expect(service?.CreatedAt).toBeInstanceOf(Date);
    expect(service?.InstanceConfiguration).toEqual({ Cpu: '1024', Memory: '2048' });
    expect(service?.HealthCheckConfiguration).toEqual({
      Protocol: 'TCP',
      Path: '/',
      Interval: 5,
      Timeout: 2,
      HealthyThreshold: 1,
      UnhealthyThreshold: 5,
    });
    expect(service?.NetworkConfiguration).toEqual({
      EgressConfiguration: { EgressType: 'DEFAULT' },
      IngressConfiguration: { IsPubliclyAccessible: true },
      IpAddressType: 'IPV4',
    });
    expect(service?.ObservabilityConfiguration).toEqual({ ObservabilityEnabled: false });
    expect(service?.AutoScalingConfigurationSummary?.AutoScalingConfigurationName).toBe('DefaultConfiguration');
    expect(service?.AutoScalingConfigurationSummary?.IsDefault).toBe(true);
    const running = await settled(ctx.aws.apprunner, service?.ServiceArn as string);
    expect(running.Status).toBe('RUNNING');
    expect(running.SourceConfiguration?.ImageRepository?.ImageConfiguration).toEqual({
      Port: '8080',
      RuntimeEnvironmentVariables: { MODE: 'one' },
    });
  });

  it('answers CPU and memory in units, whatever form the request used', async () => {
    const input = {
      ...privateImageService(ctx.emulator, 'sized'),
      InstanceConfiguration: { Cpu: '0.25 vCPU', Memory: '0.5 GB' },
    };
    const { Service: service } = await ctx.aws.apprunner.send(new CreateServiceCommand(input));
    expect(service?.InstanceConfiguration).toEqual({ Cpu: '256', Memory: '512' });
  });

  it('leaves ServiceUrl out for a private service', async () => {
    const input = {
      ...privateImageService(ctx.emulator, 'internal'),
      NetworkConfiguration: { IngressConfiguration: { IsPubliclyAccessible: false } },
    };
    const { Service: service } = await ctx.aws.apprunner.send(new CreateServiceCommand(input));
    expect(service?.ServiceUrl).toBeUndefined();
  });

  it('refuses a duplicate name, and ResourceNotFound for an unknown ARN', async () => {
    await ctx.aws.apprunner.send(new CreateServiceCommand(privateImageService(ctx.emulator, 'twice')));
    const again = ctx.aws.apprunner.send(new CreateServiceCommand(privateImageService(ctx.emulator, 'twice')));
    await expect(again).rejects.toBeInstanceOf(InvalidRequestException);
    await expect(again).rejects.toThrow('Service with the provided name already exists');
    const missing = `arn:aws:apprunner:eu-west-1:123456789012:service/ghost/${'0'.repeat(32)}`;
    await expect(ctx.aws.apprunner.send(new DescribeServiceCommand({ ServiceArn: missing }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
  });

  it('replaces the whole ImageConfiguration when UpdateService sends ImageRepository', async () => {
    const seeded = ctx.emulator.seedService({
      name: 'env-svc',
      config: {
        ...privateImageService(ctx.emulator, 'env-svc'),
        SourceConfiguration: {
          ...privateImageService(ctx.emulator, 'env-svc').SourceConfiguration,
          ImageRepository: {
            ImageIdentifier: `${ctx.emulator.accountId}.dkr.ecr.eu-west-1.amazonaws.com/app:v1`,
            ImageRepositoryType: 'ECR',
            ImageConfiguration: {
              Port: '3000',
              StartCommand: 'node server.js',
              RuntimeEnvironmentVariables: { KEEP: 'me' },
            },
          },
        },
      },
    });
    const update = await ctx.aws.apprunner.send(
      new UpdateServiceCommand({
        ServiceArn: seeded.arn,
        SourceConfiguration: {
          ImageRepository: {
            ImageIdentifier: `${ctx.emulator.accountId}.dkr.ecr.eu-west-1.amazonaws.com/app:v2`,
            ImageRepositoryType: 'ECR',
          },
        },
      }),
    );
    expect(update.Service?.SourceConfiguration?.ImageRepository?.ImageConfiguration).toEqual({ Port: '8080' });
    const after = await settled(ctx.aws.apprunner, seeded.arn);
    expect(after.SourceConfiguration?.ImageRepository?.ImageIdentifier).toMatch(/app:v2$/);
    expect(after.SourceConfiguration?.ImageRepository?.ImageConfiguration?.StartCommand).toBeUndefined();
    expect(after.SourceConfiguration?.AuthenticationConfiguration?.AccessRoleArn).toBe(
      roleArn(ctx.emulator, 'AppRunnerECRAccessRole'),
    );
  });

  it('never changes EncryptionConfiguration on update (UpdateServiceRequest has no such member)', async () => {
    const key = `arn:aws:kms:eu-west-1:${ctx.emulator.accountId}:key/11111111-2222-3333-4444-555555555555`;
    const { Service: service } = await ctx.aws.apprunner.send(
      new CreateServiceCommand({
        ...privateImageService(ctx.emulator, 'sealed'),
        EncryptionConfiguration: { KmsKey: key },
      }),
    );
    const arn = service?.ServiceArn as string;
    await settled(ctx.aws.apprunner, arn);
    // The SDK would drop a member its model lacks, so this request goes on the wire as raw, signed JSON.
    const other = key.replace('11111111', '99999999');
    const body = JSON.stringify({ ServiceArn: arn, EncryptionConfiguration: { KmsKey: other } });
    const answer = await signedFetch(ctx.emulator, { target: 'AppRunner.UpdateService', service: 'apprunner', body });
    expect(answer.status).toBe(200);
    expect(
      ((await answer.json()) as { Service: { EncryptionConfiguration: unknown } }).Service.EncryptionConfiguration,
    ).toEqual({
      KmsKey: key,
    });
    const call = ctx.emulator.calls().find((item) => item.operation === 'UpdateService');
    expect(call?.input).toMatchObject({ EncryptionConfiguration: { KmsKey: other } });
    const after = await settled(ctx.aws.apprunner, arn);
    expect(after.EncryptionConfiguration).toEqual({ KmsKey: key });
  });

  it('paginates ListServices with MaxResults and NextToken, leaving deleted services out', async () => {
    for (let index = 0; index < 5; index += 1) ctx.emulator.seedService({ name: `svc-${index}` });
    ctx.emulator.seedService({ name: 'gone-svc', status: 'DELETED' });
    const first = await ctx.aws.apprunner.send(new ListServicesCommand({ MaxResults: 2 }));
    expect(first.ServiceSummaryList?.map((item) => item.ServiceName)).toEqual(['svc-0', 'svc-1']);
    expect(first.NextToken).toBeDefined();
    const names: string[] = [];
    for await (const page of paginateListServices({ client: ctx.aws.apprunner, pageSize: 2 }, {})) {
      names.push(...(page.ServiceSummaryList ?? []).map((item) => item.ServiceName as string));
    }
    expect(names).toEqual(['svc-0', 'svc-1', 'svc-2', 'svc-3', 'svc-4']);
    await expect(ctx.aws.apprunner.send(new ListServicesCommand({ MaxResults: 21 }))).rejects.toBeInstanceOf(
      InvalidRequestException,
    );
    await expect(ctx.aws.apprunner.send(new ListServicesCommand({ NextToken: 'forged' }))).rejects.toBeInstanceOf(
      InvalidRequestException,
    );
  });

  it('tags and untags a service', async () => {
    const seeded = ctx.emulator.seedService({ name: 'tagged', tags: { team: 'a' } });
    await ctx.aws.apprunner.send(
      new TagResourceCommand({ ResourceArn: seeded.arn, Tags: [{ Key: 'env', Value: 'prod' }] }),
    );
    await ctx.aws.apprunner.send(new UntagResourceCommand({ ResourceArn: seeded.arn, TagKeys: ['team'] }));
    const { Tags: tags } = await ctx.aws.apprunner.send(new ListTagsForResourceCommand({ ResourceArn: seeded.arn }));
    expect(tags).toEqual([{ Key: 'env', Value: 'prod' }]);
    const reserved = ctx.aws.apprunner.send(
      new TagResourceCommand({ ResourceArn: seeded.arn, Tags: [{ Key: 'aws:x', Value: 'y' }] }),
    );
    await expect(reserved).rejects.toBeInstanceOf(InvalidRequestException);
  });
});

describe('App Runner VPC connectors', () => {
  it('creates ACTIVE at once, describes, lists and refuses deletion while in use', async () => {
    const { VpcConnector: connector } = await ctx.aws.apprunner.send(
      new CreateVpcConnectorCommand({ VpcConnectorName: 'egress-1', Subnets: ['subnet-1'], SecurityGroups: ['sg-1'] }),
    );
    expect(connector?.Status).toBe('ACTIVE');
    expect(connector?.VpcConnectorRevision).toBe(1);
    expect(connector?.VpcConnectorArn).toMatch(
      /^arn:aws:apprunner:eu-west-1:123456789012:vpcconnector\/egress-1\/1\/[0-9a-f]{32}$/,
    );
    const arn = connector?.VpcConnectorArn as string;
    const described = await ctx.aws.apprunner.send(new DescribeVpcConnectorCommand({ VpcConnectorArn: arn }));
    expect(described.VpcConnector?.Subnets).toEqual(['subnet-1']);
    const duplicate = ctx.aws.apprunner.send(
      new CreateVpcConnectorCommand({ VpcConnectorName: 'egress-1', Subnets: ['subnet-2'] }),
    );
    await expect(duplicate).rejects.toBeInstanceOf(InvalidRequestException);

    const input = {
      ...privateImageService(ctx.emulator, 'in-vpc'),
      NetworkConfiguration: { EgressConfiguration: { EgressType: 'VPC' as const, VpcConnectorArn: arn } },
    };
    const { Service: service } = await ctx.aws.apprunner.send(new CreateServiceCommand(input));
    expect(service?.NetworkConfiguration?.EgressConfiguration).toEqual({ EgressType: 'VPC', VpcConnectorArn: arn });
    await expect(ctx.aws.apprunner.send(new DeleteVpcConnectorCommand({ VpcConnectorArn: arn }))).rejects.toThrow(
      /in use/,
    );

    const idle = ctx.emulator.seedVpcConnector({ name: 'idle-conn' });
    const deleted = await ctx.aws.apprunner.send(new DeleteVpcConnectorCommand({ VpcConnectorArn: idle.arn }));
    expect(deleted.VpcConnector?.Status).toBe('INACTIVE');
    expect(deleted.VpcConnector?.DeletedAt).toBeInstanceOf(Date);
    const listed = await ctx.aws.apprunner.send(new ListVpcConnectorsCommand({ MaxResults: 1 }));
    expect(listed.VpcConnectors).toHaveLength(1);
    expect(listed.NextToken).toBeDefined();
  });

  it('refuses VPC egress through an INACTIVE connector', async () => {
    const inactive = ctx.emulator.seedVpcConnector({ name: 'old-conn', status: 'INACTIVE' });
    const input = {
      ...privateImageService(ctx.emulator, 'bad-vpc'),
      NetworkConfiguration: { EgressConfiguration: { EgressType: 'VPC' as const, VpcConnectorArn: inactive.arn } },
    };
    await expect(ctx.aws.apprunner.send(new CreateServiceCommand(input))).rejects.toThrow(/INACTIVE/);
  });
});
