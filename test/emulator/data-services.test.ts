import { describe, expect, it } from '@jest/globals';
import {
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  InvalidParameterException,
  ResourceNotFoundException as LogsResourceNotFound,
} from '@aws-sdk/client-cloudwatch-logs';
import { DescribeSecretCommand, ResourceNotFoundException } from '@aws-sdk/client-secrets-manager';
import {
  DescribeParametersCommand,
  type DescribeParametersCommandInput,
  GetParameterCommand,
  InvalidFilterKey,
  ParameterNotFound,
  paginateDescribeParameters,
} from '@aws-sdk/client-ssm';
import { StartDeploymentCommand } from '@aws-sdk/client-apprunner';
import { settled } from '../../tools/emulator/helpers.ts';
import { useEmulator } from './use-emulator.ts';

const ctx = useEmulator({ operationMs: 50 });

describe('Secrets Manager', () => {
  it('describes a secret by name, full ARN or ARN without suffix, metadata only', async () => {
    const secret = ctx.emulator.seedSecret('prod/db', { description: 'database' });
    expect(secret.arn).toMatch(/^arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod\/db-[A-Za-z0-9]{6}$/);
    for (const id of ['prod/db', secret.arn, secret.arn.slice(0, -7)]) {
      const described = await ctx.aws.secrets.send(new DescribeSecretCommand({ SecretId: id }));
      expect(described).toMatchObject({ ARN: secret.arn, Name: 'prod/db', Description: 'database' });
      expect(described.CreatedDate).toBeInstanceOf(Date);
      expect(described).not.toHaveProperty('SecretString');
    }
    await expect(ctx.aws.secrets.send(new DescribeSecretCommand({ SecretId: 'prod/none' }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
  });
});

describe('SSM Parameter Store', () => {
  it('gets a parameter by name or ARN; a SecureString stays encrypted without decryption', async () => {
    const plain = ctx.emulator.seedParameter('/app/mode', { value: 'blue' });
    ctx.emulator.seedParameter('/app/token', { value: 'not-to-be-seen', type: 'SecureString' });
    const byName = await ctx.aws.ssm.send(new GetParameterCommand({ Name: '/app/mode' }));
    expect(byName.Parameter).toMatchObject({
      Name: '/app/mode',
      Value: 'blue',
      Type: 'String',
      Version: 1,
      ARN: plain.arn,
    });
    expect(plain.arn).toBe('arn:aws:ssm:eu-west-1:123456789012:parameter/app/mode');
    expect((await ctx.aws.ssm.send(new GetParameterCommand({ Name: plain.arn }))).Parameter?.Value).toBe('blue');
    const secure = await ctx.aws.ssm.send(new GetParameterCommand({ Name: '/app/token', WithDecryption: false }));
    expect(secure.Parameter?.Value).not.toBe('not-to-be-seen');
    await expect(ctx.aws.ssm.send(new GetParameterCommand({ Name: '/app/none' }))).rejects.toBeInstanceOf(
      ParameterNotFound,
    );
  });

  it('filters DescribeParameters by Name Equals after paging, as SSM does', async () => {
    for (const name of ['/a/1', '/a/2', '/a/3', '/b/1']) ctx.emulator.seedParameter(name);
    const filters = [{ Key: 'Name', Option: 'Equals', Values: ['/b/1'] }];
    const first = await ctx.aws.ssm.send(new DescribeParametersCommand({ ParameterFilters: filters, MaxResults: 2 }));
    expect(first.Parameters).toEqual([]);
    expect(first.NextToken).toBeDefined();
    const found: string[] = [];
    for await (const page of paginateDescribeParameters(
      { client: ctx.aws.ssm, pageSize: 2 },
      { ParameterFilters: filters },
    )) {
      found.push(...(page.Parameters ?? []).map((item) => item.Name as string));
    }
    expect(found).toEqual(['/b/1']);
  });

  it('takes every filter key DescribeParameters takes, and the deprecated Filters', async () => {
    ctx.emulator.seedParameter('/app/mode', { tags: { team: 'web' } });
    ctx.emulator.seedParameter('/app/token', { type: 'SecureString', tier: 'Advanced' });
    ctx.emulator.seedParameter('/app/deep/key', { type: 'StringList', keyId: 'alias/custom' });
    ctx.emulator.seedParameter('/ami/latest', { dataType: 'aws:ec2:image', tags: { team: 'infra' } });
    const names = async (input: DescribeParametersCommandInput) =>
      ((await ctx.aws.ssm.send(new DescribeParametersCommand({ ...input, MaxResults: 50 }))).Parameters ?? []).map(
        (item) => item.Name,
      );
    expect(await names({ ParameterFilters: [{ Key: 'Type', Option: 'BeginsWith', Values: ['String'] }] })).toEqual([
      '/ami/latest',
      '/app/deep/key',
      '/app/mode',
    ]);
    expect(await names({ ParameterFilters: [{ Key: 'KeyId', Values: ['alias/aws/ssm'] }] })).toEqual(['/app/token']);
    expect(await names({ ParameterFilters: [{ Key: 'Tier', Values: ['Advanced'] }] })).toEqual(['/app/token']);
    expect(await names({ ParameterFilters: [{ Key: 'DataType', Values: ['aws:ec2:image'] }] })).toEqual([
      '/ami/latest',
    ]);
    expect(await names({ ParameterFilters: [{ Key: 'tag:team', Values: ['web'] }] })).toEqual(['/app/mode']);
    expect(await names({ ParameterFilters: [{ Key: 'tag:team' }] })).toEqual(['/ami/latest', '/app/mode']);
    expect(await names({ ParameterFilters: [{ Key: 'Path', Option: 'Recursive', Values: ['/app'] }] })).toEqual([
      '/app/deep/key',
      '/app/mode',
      '/app/token',
    ]);
    expect(await names({ Filters: [{ Key: 'Name', Values: ['/app/t'] }] })).toEqual(['/app/token']);
    expect(await names({ Filters: [{ Key: 'Type', Values: ['StringList'] }] })).toEqual(['/app/deep/key']);
  });

  it('refuses what SSM refuses: both filter kinds, a key outside the model, Label, a bad option or value', async () => {
    const refusals: [DescribeParametersCommandInput, string, RegExp][] = [
      [
        { Filters: [{ Key: 'Name', Values: ['/a'] }], ParameterFilters: [{ Key: 'Name', Values: ['/a'] }] },
        'ValidationException',
        /either Filters or ParameterFilters/,
      ],
      [{ ParameterFilters: [{ Key: 'Colour', Values: ['x'] }] }, 'ValidationException', /regular expression pattern/],
      [{ ParameterFilters: [{ Key: 'Label', Values: ['x'] }] }, 'InvalidFilterKey', /not valid: Label/],
      [{ ParameterFilters: [{ Key: 'Type', Option: 'Contains', Values: ['S'] }] }, 'InvalidFilterOption', /Contains/],
      [{ ParameterFilters: [{ Key: 'Type', Values: ['Number'] }] }, 'InvalidFilterValue', /Number/],
      [{ ParameterFilters: [{ Key: 'Name' }] }, 'InvalidFilterValue', /missing/],
      [
        {
          ParameterFilters: [
            { Key: 'Name', Values: ['/a'] },
            { Key: 'Name', Values: ['/b'] },
          ],
        },
        'InvalidFilterKey',
        /duplicated/,
      ],
    ];
    for (const [input, name, message] of refusals) {
      const attempt = ctx.aws.ssm.send(new DescribeParametersCommand(input));
      await expect(attempt).rejects.toMatchObject({ name });
      await expect(attempt).rejects.toThrow(message);
    }
    await expect(
      ctx.aws.ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Label', Values: ['x'] }] })),
    ).rejects.toBeInstanceOf(InvalidFilterKey);
  });
});

describe('CloudWatch Logs', () => {
  it('reads App Runner service events through DescribeLogStreams, GetLogEvents and FilterLogEvents', async () => {
    const seeded = ctx.emulator.seedService({ name: 'logged' });
    ctx.emulator.planNextOperation('logged', { outcome: 'fail', durationMs: 50 });
    const { OperationId: id } = await ctx.aws.apprunner.send(new StartDeploymentCommand({ ServiceArn: seeded.arn }));
    await settled(ctx.aws.apprunner, seeded.arn);
    const group = `/aws/apprunner/logged/${seeded.id}/service`;
    const { logStreams } = await ctx.aws.logs.send(new DescribeLogStreamsCommand({ logGroupName: group }));
    expect(logStreams?.map((stream) => stream.logStreamName)).toEqual([`deployment/${id}`, 'events']);
    const head = await ctx.aws.logs.send(
      new GetLogEventsCommand({ logGroupName: group, logStreamName: 'events', startFromHead: true, limit: 2 }),
    );
    expect(head.events).toHaveLength(2);
    const rest = await ctx.aws.logs.send(
      new GetLogEventsCommand({ logGroupName: group, logStreamName: 'events', nextToken: head.nextForwardToken }),
    );
    const end = await ctx.aws.logs.send(
      new GetLogEventsCommand({ logGroupName: group, logStreamName: 'events', nextToken: rest.nextForwardToken }),
    );
    expect(end.events).toEqual([]);
    expect(end.nextForwardToken).toBe(rest.nextForwardToken);
    const messages = [...(head.events ?? []), ...(rest.events ?? [])].map((event) => event.message);
    expect(messages).toContain(`[AppRunner] Deployment with ID : ${id} started.`);
    expect(messages).toContain(`[AppRunner] Deployment with ID : ${id} failed.`);
    const filtered = await ctx.aws.logs.send(
      new FilterLogEventsCommand({ logGroupName: group, filterPattern: '?failed ?"Rolling back"' }),
    );
    expect(filtered.events?.every((event) => /failed/.test(event.message ?? ''))).toBe(true);
    expect(new Set(filtered.events?.map((event) => event.logStreamName))).toEqual(
      new Set(['events', `deployment/${id}`]),
    );
    expect(filtered.events?.length).toBeGreaterThanOrEqual(2);
  });

  it('FilterLogEvents keeps events at endTime, and answers an empty page with a token across a quiet stretch', async () => {
    ctx.emulator.seedService({ name: 'quiet-one' });
    const group = ctx.emulator.serviceEventLog('quiet-one')?.group as string;
    const [first] =
      (await ctx.aws.logs.send(new FilterLogEventsCommand({ logGroupName: group, limit: 1 }))).events ?? [];
    const at = first.timestamp as number;
    const inclusive = await ctx.aws.logs.send(
      new FilterLogEventsCommand({ logGroupName: group, startTime: at, endTime: at }),
    );
    expect(inclusive.events?.map((event) => event.message)).toContain(first.message);
    const got = await ctx.aws.logs.send(
      new GetLogEventsCommand({ logGroupName: group, logStreamName: 'events', startTime: at, endTime: at }),
    );
    expect(got.events).toEqual([]);
    // The first event lies more than QUIET_GAP_MS after startTime: the first page is empty and carries a token.
    const early = await ctx.aws.logs.send(new FilterLogEventsCommand({ logGroupName: group, startTime: at - 5000 }));
    expect(early.events).toEqual([]);
    expect(early.nextToken).toBeDefined();
    const resumed = await ctx.aws.logs.send(
      new FilterLogEventsCommand({ logGroupName: group, startTime: at - 5000, nextToken: early.nextToken }),
    );
    expect(resumed.events?.map((event) => event.message)).toContain(first.message);
    expect(resumed.nextToken).toBeUndefined();
  });

  it('answers ResourceNotFoundException for a missing group and refuses contradictory parameters', async () => {
    await expect(
      ctx.aws.logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/apprunner/none/x/service' })),
    ).rejects.toBeInstanceOf(LogsResourceNotFound);
    ctx.emulator.seedService({ name: 'logged-two' });
    const group = ctx.emulator.serviceEventLog('logged-two')?.group as string;
    const both = ctx.aws.logs.send(
      new FilterLogEventsCommand({ logGroupName: group, logStreamNames: ['events'], logStreamNamePrefix: 'e' }),
    );
    await expect(both).rejects.toBeInstanceOf(InvalidParameterException);
    const order = ctx.aws.logs.send(
      new DescribeLogStreamsCommand({ logGroupName: group, orderBy: 'LastEventTime', logStreamNamePrefix: 'e' }),
    );
    await expect(order).rejects.toBeInstanceOf(InvalidParameterException);
    const noStream = ctx.aws.logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: 'deployment/x' }));
    await expect(noStream).rejects.toBeInstanceOf(LogsResourceNotFound);
  });
});
