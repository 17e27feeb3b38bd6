import { AppRunnerClient } from '@aws-sdk/client-apprunner';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ECRClient } from '@aws-sdk/client-ecr';
import {
  CreateExpressGatewayServiceCommand,
  DescribeExpressGatewayServiceCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  ECSClient,
  ListServiceDeploymentsCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateExpressGatewayServiceCommand,
  type ECSExpressGatewayService,
  type ServiceDeployment,
  type ServiceDeploymentBrief,
} from '@aws-sdk/client-ecs';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { deploy } from '../../src/core/flow.ts';
import { newOutcome } from '../../src/core/outcome.ts';
import { describeResult } from '../../src/core/report/result.ts';
import type { ExpressClients, ExpressOutcome } from '../../src/targets/ecs-express/context.ts';
import { ecsExpress } from '../../src/targets/ecs-express/index.ts';
import { fakeClock } from '../unit/fixtures.ts';
import { parseExpressInputs } from '../../src/targets/ecs-express/inputs.ts';

export const REGION = 'eu-west-1';
export const SERVICE = 'web-express';
export const SERVICE_ARN = `arn:aws:ecs:${REGION}:123456789012:service/default/${SERVICE}`;
export const EXECUTION_ROLE = 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole';
export const INFRA_ROLE = 'arn:aws:iam::123456789012:role/ecsInfrastructureRole';
export const TASK_ROLE = 'arn:aws:iam::123456789012:role/web-task';
export const IMAGE = `123456789012.dkr.ecr.${REGION}.amazonaws.com/web:v1`;
export const NEW_IMAGE = `123456789012.dkr.ecr.${REGION}.amazonaws.com/web:v2`;
export const ENDPOINT = 'we-abc123.ecs.eu-west-1.on.aws';
export const deploymentArn = (id: string) =>
  `arn:aws:ecs:${REGION}:123456789012:service-deployment/default/${SERVICE}/${id}`;
export const revisionArn = (id: string) =>
  `arn:aws:ecs:${REGION}:123456789012:service-revision/default/${SERVICE}/${id}`;

/** A config as the parser answers for these inputs (service and region always given). */
export function parse(inputs: Record<string, string> = {}) {
  const all: Record<string, string> = { service: SERVICE, region: REGION, ...inputs };
  return parseExpressInputs((name) => all[name] ?? '', {});
}

/** Real SDK clients whose every call is answered by aws-sdk-client-mock; App Runner's is mocked for every instance. */
export function mockedExpressClients() {
  const sdk = {
    ecr: new ECRClient({ region: REGION }),
    secretsManager: new SecretsManagerClient({ region: REGION }),
    ssm: new SSMClient({ region: REGION }),
    logs: new CloudWatchLogsClient({ region: REGION }),
  };
  const clients: ExpressClients = {
    ecs: new ECSClient({ region: REGION }),
    ecr: async () => sdk.ecr,
    secretsManager: async () => sdk.secretsManager,
    ssm: async () => sdk.ssm,
    logs: async () => sdk.logs,
    options: { region: REGION } as ExpressClients['options'],
  };
  const mocks = {
    ecs: mockClient(clients.ecs),
    ecr: mockClient(sdk.ecr),
    secretsManager: mockClient(sdk.secretsManager),
    ssm: mockClient(sdk.ssm),
    logs: mockClient(sdk.logs),
    apprunner: mockClient(AppRunnerClient),
  };
  return { clients, mocks };
}

type EcsMock = ReturnType<typeof mockedExpressClients>['mocks']['ecs'];

/** An ACTIVE Express service as DescribeExpressGatewayService answers. */
export function expressService(
  overrides: { image?: string; env?: Record<string, string>; tags?: Record<string, string>; status?: string } = {},
): ECSExpressGatewayService {
  return {
    cluster: 'default',
    serviceName: SERVICE,
    serviceArn: SERVICE_ARN,
    infrastructureRoleArn: INFRA_ROLE,
    status: { statusCode: (overrides.status ?? 'ACTIVE') as 'ACTIVE' },
    activeConfigurations: [
      {
        serviceRevisionArn: revisionArn('1'),
        executionRoleArn: EXECUTION_ROLE,
        cpu: '1024',
        memory: '2048',
        healthCheckPath: '/ping',
        primaryContainer: {
          image: overrides.image ?? IMAGE,
          containerPort: 8080,
          environment: Object.entries(overrides.env ?? { KEEP: '1', LOG: 'info' }).map(([name, value]) => ({
            name,
            value,
          })),
          secrets: [],
        },
        scalingTarget: { minTaskCount: 1, maxTaskCount: 4 },
        ingressPaths: [{ accessType: 'PUBLIC', endpoint: ENDPOINT }],
      },
    ],
    tags: Object.entries(overrides.tags ?? {}).map(([key, value]) => ({ key, value })),
  };
}

export interface EcsScript {
  /** What DescribeServices answers: no service (MISSING), or one in this status. */
  status?: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
  /** DescribeExpressGatewayService before a change; `after` once Create or Update was called. */
  express?: ECSExpressGatewayService;
  after?: ECSExpressGatewayService;
  /** The deployments under way, one list per read (the last repeats). */
  busy?: ServiceDeploymentBrief[][];
  /** The deployment a Create or Update starts (listed only after the call); null: none is ever listed. */
  started?: string | null;
  /** DescribeServiceDeployments answers in turn, per deployment (the last repeats). */
  deployments?: Record<string, Partial<ServiceDeployment>[]>;
}

/** Scripts every ECS call of a run; answers what the code asks for, and remembers when a change was called. */
export function givenEcs(mock: EcsMock, script: EcsScript) {
  let changed = false;
  const { status } = script;
  mock
    .on(DescribeServicesCommand)
    .resolves(
      status
        ? { services: [{ serviceName: SERVICE, serviceArn: SERVICE_ARN, status }] }
        : { services: [], failures: [{ arn: SERVICE_ARN, reason: 'MISSING' }] },
    );
  mock
    .on(DescribeExpressGatewayServiceCommand)
    .callsFake(() => ({ service: changed && script.after ? script.after : (script.express ?? expressService()) }));
  mock.on(CreateExpressGatewayServiceCommand).callsFake((input: { serviceName: string }) => {
    changed = true;
    return { service: { serviceName: input.serviceName, serviceArn: SERVICE_ARN, status: { statusCode: 'ACTIVE' } } };
  });
  mock.on(UpdateExpressGatewayServiceCommand).callsFake(() => {
    changed = true;
    return { service: { serviceArn: SERVICE_ARN } };
  });
  mock.on(TagResourceCommand).resolves({});
  mock.on(UntagResourceCommand).resolves({});
  const old: ServiceDeploymentBrief = {
    serviceDeploymentArn: deploymentArn('old'),
    status: 'SUCCESSFUL',
    createdAt: new Date(Date.now() - 60_000),
  };
  let busyReads = 0;
  mock.on(ListServiceDeploymentsCommand).callsFake((input: { status?: string[] }) => {
    if (input.status) {
      const lists = script.busy ?? [[]];
      return { serviceDeployments: lists[Math.min(busyReads++, lists.length - 1)] };
    }
    const started =
      changed && script.started !== null
        ? [
            {
              serviceDeploymentArn: script.started ?? deploymentArn('new'),
              targetServiceRevisionArn: revisionArn('2'),
              status: 'PENDING' as const,
              createdAt: new Date(),
            },
          ]
        : [];
    // A service that is not ACTIVE has no deployment of its own before the call.
    return { serviceDeployments: [...(status === 'ACTIVE' ? [old] : []), ...started] };
  });
  const reads = new Map<string, number>();
  mock.on(DescribeServiceDeploymentsCommand).callsFake((input: { serviceDeploymentArns: string[] }) => {
    const arn = input.serviceDeploymentArns[0];
    const answers = script.deployments?.[arn] ?? [{ status: 'IN_PROGRESS' }, { status: 'SUCCESSFUL' }];
    const read = reads.get(arn) ?? 0;
    reads.set(arn, read + 1);
    const answer = answers[Math.min(read, answers.length - 1)];
    return {
      serviceDeployments: [{ serviceDeploymentArn: arn, targetServiceRevision: { arn: revisionArn('2') }, ...answer }],
    };
  });
}

const MUTATING = [
  CreateExpressGatewayServiceCommand,
  UpdateExpressGatewayServiceCommand,
  TagResourceCommand,
  UntagResourceCommand,
];

/** The ECS calls that change something, in the order sent. */
export function mutatingCalls(mock: EcsMock): string[] {
  const names = new Set(MUTATING.map((command) => command.name));
  return mock
    .calls()
    .map((call) => (call.args[0] as object).constructor.name)
    .filter((name) => names.has(name));
}

/** Runs the whole pipeline on a config parsed from `inputs`, with a fake clock; answers what it did and threw. */
export function runner(clients: ExpressClients, ecs: EcsMock) {
  return async (inputs: Record<string, string> = {}) => {
    const outcome: ExpressOutcome = newOutcome(0);
    const clock = fakeClock();
    let error: Error | undefined;
    try {
      await deploy(ecsExpress, { config: parse(inputs), clients, outcome, clock });
    } catch (caught) {
      error = caught as Error;
    }
    const result = describeResult(outcome.result);
    return { outcome: { ...outcome, result }, error, clock, mutating: mutatingCalls(ecs) };
  };
}
