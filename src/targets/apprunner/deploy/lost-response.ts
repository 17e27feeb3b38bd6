import type { AppRunnerClient, Service } from '@aws-sdk/client-apprunner';
import { latestOperation } from '../aws/operations.js';
import { describeService, findServiceByName } from '../aws/services.js';
import * as workflow from '../../../core/workflow.js';

/** Runner and AWS clocks may differ by this much; an operation started within it of our call may be ours. */
const CLOCK_MARGIN_MS = 120_000;

/**
 * When the connection drops after App Runner applied a call, the SDK retries it and the retry is refused because the
 * first attempt worked: the service is now busy (InvalidStateException) or exists already (InvalidRequestException).
 * Then the operation the first attempt started is the service's newest one of that type, started since we called.
 * Answers it, or nothing when the error is a real refusal.
 */
export async function findLostOperation(options: {
  client: AppRunnerClient;
  error: unknown;
  service: { name: string; arn?: string };
  type: 'CREATE_SERVICE' | 'UPDATE_SERVICE' | 'START_DEPLOYMENT';
  calledAt: number;
}): Promise<{ service: Service; operationId: string } | undefined> {
  const { name, $metadata } = options.error as { name?: string; $metadata?: { attempts?: number } };
  const retried = ($metadata?.attempts ?? 1) > 1;
  if (!retried || !['InvalidStateException', 'InvalidRequestException'].includes(name ?? '')) return undefined;
  const arn = options.service.arn ?? (await findServiceByName(options.client, options.service.name))?.ServiceArn;
  if (!arn) return undefined;
  const operation = await latestOperation(options.client, arn);
  const startedAt = operation?.StartedAt?.getTime() ?? 0;
  if (!operation?.Id || operation.Type !== options.type || startedAt < options.calledAt - CLOCK_MARGIN_MS)
    return undefined;
  workflow.info(
    `The answer to that call was lost and its retry refused (${name}); following operation ${operation.Id} it started.`,
  );
  return { service: await describeService(options.client, arn), operationId: operation.Id };
}
