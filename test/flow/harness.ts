import {
  AppRunnerClient,
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeServiceCommand,
  ListOperationsCommand,
  ListServicesCommand,
  ListTagsForResourceCommand,
  ResumeServiceCommand,
  StartDeploymentCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateServiceCommand,
  CreateVpcConnectorCommand,
  type Service,
} from '@aws-sdk/client-apprunner';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ECRClient } from '@aws-sdk/client-ecr';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import type { AppRunnerClients } from '../../src/targets/apprunner/context.ts';

/** Real SDK clients whose every call is answered by aws-sdk-client-mock; nothing leaves the process. */
export function mockedClients() {
  const region = 'eu-west-1';
  const sdk = {
    ecr: new ECRClient({ region }),
    secretsManager: new SecretsManagerClient({ region }),
    ssm: new SSMClient({ region }),
    logs: new CloudWatchLogsClient({ region }),
  };
  const clients: AppRunnerClients = {
    apprunner: new AppRunnerClient({ region }),
    ecr: async () => sdk.ecr,
    secretsManager: async () => sdk.secretsManager,
    ssm: async () => sdk.ssm,
    logs: async () => sdk.logs,
  };
  const mocks = {
    apprunner: mockClient(clients.apprunner),
    ecr: mockClient(sdk.ecr),
    secretsManager: mockClient(sdk.secretsManager),
    ssm: mockClient(sdk.ssm),
    logs: mockClient(sdk.logs),
  };
  return { clients, mocks };
}

const MUTATING = [
  CreateServiceCommand,
  UpdateServiceCommand,
  DeleteServiceCommand,
  StartDeploymentCommand,
  ResumeServiceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  CreateVpcConnectorCommand,
];

export function mutatingCalls(mock: ReturnType<typeof mockClient>): string[] {
  return MUTATING.flatMap((command) => mock.commandCalls(command as never).map(() => command.name));
}

/** The service exists as `service`; DescribeService answers it (and `after` once an operation ended). */
export function givenService(
  mock: ReturnType<typeof mockClient>,
  states: { now: Service; after?: Service; operations?: string[] },
) {
  const { now } = states;
  mock.on(ListServicesCommand).resolves({
    ServiceSummaryList: [
      { ServiceName: now.ServiceName, ServiceArn: now.ServiceArn, ServiceId: now.ServiceId, Status: now.Status },
    ],
  });
  mock.on(ListTagsForResourceCommand).resolves({ Tags: [] });
  let ended = false;
  mock.on(DescribeServiceCommand).callsFake(() => ({ Service: ended && states.after ? states.after : now }));
  givenOperation(mock, { statuses: states.operations ?? ['IN_PROGRESS', 'SUCCEEDED'], onEnd: () => (ended = true) });
}

export function givenNoService(mock: ReturnType<typeof mockClient>) {
  mock.on(ListServicesCommand).resolves({ ServiceSummaryList: [] });
}

/** ListOperations answers the statuses in turn for whatever operation is asked about (the last one repeats). */
export function givenOperation(
  mock: ReturnType<typeof mockClient>,
  script: { statuses: string[]; id?: string; onEnd?: () => void; type?: string },
) {
  let call = 0;
  mock.on(ListOperationsCommand).callsFake(() => {
    const status = script.statuses[Math.min(call++, script.statuses.length - 1)];
    if (call >= script.statuses.length) script.onEnd?.();
    // Whichever operation the code follows is in the list, newest (op-new) first.
    const ids = script.id ? [script.id] : ['op-new', 'op-delete', 'op-create', 'op-resume'];
    return {
      OperationSummaryList: ids.map((Id) => ({
        Id,
        Type: script.type ?? 'UPDATE_SERVICE',
        Status: status,
        StartedAt: new Date(1000),
        UpdatedAt: new Date(2000),
      })),
    };
  });
}
