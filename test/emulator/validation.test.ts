import { describe, expect, it } from '@jest/globals';
import {
  AppRunnerServiceException,
  CreateServiceCommand,
  type CreateServiceCommandInput,
  InvalidRequestException,
  UpdateServiceCommand,
} from '@aws-sdk/client-apprunner';
import { privateImageService, roleArn, sdkClients, settled } from '../../tools/emulator/helpers.ts';
import { startEmulator } from '../../tools/emulator/index.ts';
import { useEmulator } from './use-emulator.ts';

const ctx = useEmulator({ operationMs: 50 });

type Mutation = (input: CreateServiceCommandInput) => void;

const image = (input: CreateServiceCommandInput) =>
  input.SourceConfiguration?.ImageRepository as NonNullable<
    NonNullable<CreateServiceCommandInput['SourceConfiguration']>['ImageRepository']
  >;

function base(): CreateServiceCommandInput {
  return structuredClone(privateImageService(ctx.emulator, 'valid-name'));
}

const refused: [string, Mutation, RegExp][] = [
  ['a name shorter than 4', (input) => (input.ServiceName = 'abc'), /serviceName.*length greater than or equal to 4/],
  ['a name with a dot', (input) => (input.ServiceName = 'my.app'), /serviceName.*regular expression/],
  ['a name starting with a hyphen', (input) => (input.ServiceName = '-app'), /serviceName/],
  ['a name of 41 characters', (input) => (input.ServiceName = 'a'.repeat(41)), /length less than or equal to 40/],
  ['an unknown CPU size', (input) => (input.InstanceConfiguration = { Cpu: '3 vCPU' }), /instanceConfiguration\.cpu/],
  ['1 vCPU with 8 GB', (input) => (input.InstanceConfiguration = { Cpu: '1 vCPU', Memory: '8 GB' }), /combination/],
  ['0.5 vCPU with 2 GB', (input) => (input.InstanceConfiguration = { Cpu: '512', Memory: '2048' }), /combination/],
  [
    'port 0',
    (input) => (image(input).ImageConfiguration = { Port: '0' }),
    /port you specified isn't valid\. Port: '0'/,
  ],
  ['port 70000', (input) => (image(input).ImageConfiguration = { Port: '70000' }), /Port: '70000'/],
  ['a port that is a name', (input) => (image(input).ImageConfiguration = { Port: 'http' }), /Port: 'http'/],
  [
    'a port longer than the model allows',
    (input) => (image(input).ImageConfiguration = { Port: '1'.repeat(51201) }),
    /imageConfiguration\.port' failed to satisfy constraint: Member must have length less than or equal to 51200/,
  ],
  [
    'a health check interval of 21',
    (input) => (input.HealthCheckConfiguration = { Interval: 21 }),
    /interval.*less than or equal to 20/,
  ],
  [
    'a health check timeout of 0',
    (input) => (input.HealthCheckConfiguration = { Timeout: 0 }),
    /timeout.*greater than or equal to 1/,
  ],
  [
    'an HTTPS health check',
    (input) => (input.HealthCheckConfiguration = { Protocol: 'HTTPS' as never }),
    /enum value set/,
  ],
  ['an empty health check path', (input) => (input.HealthCheckConfiguration = { Protocol: 'HTTP', Path: '' }), /path/],
  [
    'a role ARN with a short account',
    (input) => (input.InstanceConfiguration = { InstanceRoleArn: 'arn:aws:iam::12345:role/service-role-name' }),
    /instanceRoleArn.*regular expression/,
  ],
  [
    'a role in another partition',
    (input) => (input.InstanceConfiguration = { InstanceRoleArn: 'arn:aws-cn:iam::123456789012:role/x' }),
    /partition aws/,
  ],
  [
    'a user ARN as role',
    (input) => (input.InstanceConfiguration = { InstanceRoleArn: 'arn:aws:iam::123456789012:user/x' }),
    /instanceRoleArn/,
  ],
  [
    'an auto scaling ARN of another region',
    (input) =>
      (input.AutoScalingConfigurationArn = 'arn:aws:apprunner:us-east-1:123456789012:autoscalingconfiguration/ha/1'),
    /autoscalingconfiguration ARN in eu-west-1/,
  ],
  [
    'a malformed auto scaling ARN',
    (input) => (input.AutoScalingConfigurationArn = 'autoscaling/ha'),
    /autoScalingConfigurationArn.*regular expression/,
  ],
  [
    'an auto scaling configuration that does not exist',
    (input) =>
      (input.AutoScalingConfigurationArn = 'arn:aws:apprunner:eu-west-1:123456789012:autoscalingconfiguration/ghost'),
    /auto scaling configuration you specified doesn't exist\. ARN: '.*autoscalingconfiguration\/ghost'/,
  ],
  [
    'a revision of DefaultConfiguration that does not exist',
    (input) =>
      (input.AutoScalingConfigurationArn =
        'arn:aws:apprunner:eu-west-1:123456789012:autoscalingconfiguration/DefaultConfiguration/2'),
    /doesn't exist/,
  ],
  [
    'an observability configuration that does not exist',
    (input) =>
      (input.ObservabilityConfiguration = {
        ObservabilityEnabled: true,
        ObservabilityConfigurationArn: `arn:aws:apprunner:eu-west-1:123456789012:observabilityconfiguration/xray/1/${'a'.repeat(32)}`,
      }),
    /observability configuration you specified doesn't exist/,
  ],
  [
    'observability on without an ARN',
    (input) => (input.ObservabilityConfiguration = { ObservabilityEnabled: true }),
    /required when ObservabilityEnabled/,
  ],
  [
    'a KMS key of another region',
    (input) =>
      (input.EncryptionConfiguration = {
        KmsKey: 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555',
      }),
    /KMS key in eu-west-1/,
  ],
  ['a KMS alias', (input) => (input.EncryptionConfiguration = { KmsKey: 'alias/mine' }), /kmsKey.*regular expression/],
  [
    'ECR type with a public image',
    (input) => (image(input).ImageIdentifier = 'public.ecr.aws/nginx/nginx:latest'),
    /doesn't match the image identifier/,
  ],
  [
    'ECR_PUBLIC type with a private image',
    (input) => (image(input).ImageRepositoryType = 'ECR_PUBLIC'),
    /doesn't match/,
  ],
  ['an image that is no registry path', (input) => (image(input).ImageIdentifier = 'nginx:latest'), /imageIdentifier/],
  [
    'private ECR without an access role',
    (input) => delete input.SourceConfiguration?.AuthenticationConfiguration,
    /AccessRoleArn is required/,
  ],
  [
    'secrets without an instance role',
    (input) =>
      (image(input).ImageConfiguration = {
        RuntimeEnvironmentSecrets: { DB: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf' },
      }),
    /InstanceRoleArn/,
  ],
  [
    'a secret that is an S3 ARN',
    (input) => {
      input.InstanceConfiguration = { InstanceRoleArn: roleArn(ctx.emulator, 'Instance') };
      image(input).ImageConfiguration = { RuntimeEnvironmentSecrets: { DB: 'arn:aws:s3:::bucket/key' } };
    },
    /Secrets Manager secret or SSM parameter ARN/,
  ],
  [
    'a reserved environment variable name',
    (input) => (image(input).ImageConfiguration = { RuntimeEnvironmentVariables: { AWSAPPRUNNER_X: '1' } }),
    /can't start with AWSAPPRUNNER/,
  ],
  [
    'VPC egress without a connector',
    (input) => (input.NetworkConfiguration = { EgressConfiguration: { EgressType: 'VPC' } }),
    /requires a VpcConnectorArn/,
  ],
  [
    'VPC egress through an unknown connector',
    (input) =>
      (input.NetworkConfiguration = {
        EgressConfiguration: {
          EgressType: 'VPC',
          VpcConnectorArn: `arn:aws:apprunner:eu-west-1:123456789012:vpcconnector/none/1/${'a'.repeat(32)}`,
        },
      }),
    /doesn't exist/,
  ],
  [
    'a missing SourceConfiguration',
    (input) => delete (input as Partial<CreateServiceCommandInput>).SourceConfiguration,
    /sourceConfiguration.*must not be null/,
  ],
];

describe('CreateService refuses what AWS refuses, as InvalidRequestException', () => {
  it.each(refused)('refuses %s', async (_label, mutate, message) => {
    const input = base();
    mutate(input);
    const attempt = ctx.aws.apprunner.send(new CreateServiceCommand(input));
    await expect(attempt).rejects.toBeInstanceOf(InvalidRequestException);
    await expect(attempt).rejects.toThrow(message);
    expect(ctx.emulator.service(input.ServiceName as string)).toBeUndefined();
  });

  it('accepts what AWS accepts: secrets by ARN and by SSM name with an instance role, public ECR without a role', async () => {
    const withSecrets = base();
    withSecrets.InstanceConfiguration = {
      Cpu: '4 vCPU',
      Memory: '12 GB',
      InstanceRoleArn: roleArn(ctx.emulator, 'Instance'),
    };
    image(withSecrets).ImageConfiguration = {
      RuntimeEnvironmentSecrets: {
        DB: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf',
        API: '/app/api-key',
      },
    };
    withSecrets.HealthCheckConfiguration = { Protocol: 'HTTP', Path: '/health', Interval: 20, Timeout: 1 };
    await expect(ctx.aws.apprunner.send(new CreateServiceCommand(withSecrets))).resolves.toHaveProperty('OperationId');
    const publicImage: CreateServiceCommandInput = {
      ServiceName: 'public-one',
      SourceConfiguration: {
        ImageRepository: { ImageIdentifier: 'public.ecr.aws/nginx/nginx:latest', ImageRepositoryType: 'ECR_PUBLIC' },
      },
    };
    const { Service: service } = await ctx.aws.apprunner.send(new CreateServiceCommand(publicImage));
    expect(service?.SourceConfiguration?.AutoDeploymentsEnabled).toBe(false);
  });

  it('answers a wrongly typed member with SerializationException', async () => {
    const input = base();
    image(input).ImageConfiguration = { Port: 8080 as never };
    const attempt = ctx.aws.apprunner.send(new CreateServiceCommand(input));
    await expect(attempt).rejects.toBeInstanceOf(AppRunnerServiceException);
    await expect(attempt).rejects.toMatchObject({ name: 'SerializationException' });
  });
});

describe('UpdateService checks the resulting service', () => {
  it('refuses an InstanceConfiguration that drops the role the service secrets need', async () => {
    const config = base();
    config.InstanceConfiguration = { InstanceRoleArn: roleArn(ctx.emulator, 'Instance') };
    image(config).ImageConfiguration = { RuntimeEnvironmentSecrets: { API: '/app/key' } };
    const seeded = ctx.emulator.seedService({ name: 'secretive', config });
    const update = new UpdateServiceCommand({
      ServiceArn: seeded.arn,
      InstanceConfiguration: { Cpu: '2 vCPU', Memory: '4 GB' },
    });
    await expect(ctx.aws.apprunner.send(update)).rejects.toThrow(/InstanceRoleArn/);
    expect(ctx.emulator.service('secretive')?.status).toBe('RUNNING');
  });

  it('keeps the structures an update leaves out', async () => {
    const config = base();
    config.InstanceConfiguration = {
      Cpu: '2 vCPU',
      Memory: '6 GB',
      InstanceRoleArn: roleArn(ctx.emulator, 'Instance'),
    };
    config.HealthCheckConfiguration = { Protocol: 'HTTP', Path: '/ready' };
    const seeded = ctx.emulator.seedService({ name: 'partial', config });
    await ctx.aws.apprunner.send(
      new UpdateServiceCommand({ ServiceArn: seeded.arn, NetworkConfiguration: { IpAddressType: 'DUAL_STACK' } }),
    );
    const after = await settled(ctx.aws.apprunner, seeded.arn);
    expect(after.InstanceConfiguration).toEqual({
      Cpu: '2048',
      Memory: '6144',
      InstanceRoleArn: roleArn(ctx.emulator, 'Instance'),
    });
    expect(after.HealthCheckConfiguration).toMatchObject({ Protocol: 'HTTP', Path: '/ready' });
    expect(after.NetworkConfiguration).toMatchObject({
      IpAddressType: 'DUAL_STACK',
      EgressConfiguration: { EgressType: 'DEFAULT' },
    });
  });
});

describe('partitions', () => {
  it('takes aws-cn ARNs in a China region and refuses aws ones there', async () => {
    const china = await startEmulator({ region: 'cn-north-1', lifetimeMs: 30_000, operationMs: 50 });
    const client = sdkClients(china);
    try {
      const input: CreateServiceCommandInput = {
        ServiceName: 'cn-svc',
        SourceConfiguration: {
          ImageRepository: {
            ImageIdentifier: `${china.accountId}.dkr.ecr.cn-north-1.amazonaws.com/app:v1`,
            ImageRepositoryType: 'ECR',
          },
          AuthenticationConfiguration: { AccessRoleArn: `arn:aws-cn:iam::${china.accountId}:role/Access` },
        },
      };
      const { Service: service } = await client.apprunner.send(new CreateServiceCommand(input));
      expect(service?.ServiceArn).toMatch(/^arn:aws-cn:apprunner:cn-north-1:/);
      const wrong = structuredClone(input);
      wrong.ServiceName = 'cn-svc-2';
      (
        wrong.SourceConfiguration as { AuthenticationConfiguration: { AccessRoleArn: string } }
      ).AuthenticationConfiguration.AccessRoleArn = `arn:aws:iam::${china.accountId}:role/Access`;
      await expect(client.apprunner.send(new CreateServiceCommand(wrong))).rejects.toThrow(/partition aws-cn/);
    } finally {
      client.destroy();
      await china.stop();
    }
  });
});
