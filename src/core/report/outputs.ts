import * as runner from '../workflow.js';
import type { Outcome } from '../outcome.js';

/** Every output the run knows, set on failure too. */
export function setOutputs(outcome: Outcome): void {
  const outputs: Record<string, string | undefined> = {
    'service-arn': outcome.serviceArn,
    'service-id': outcome.serviceId,
    'service-url': outcome.serviceUrl,
    'service-status': outcome.serviceStatus,
    'operation-id': outcome.operationId,
    'operation-status': outcome.operationStatus,
    'image-uri': outcome.imageUri,
    'image-digest': outcome.imageDigest,
    'vpc-connector-arn': outcome.vpcConnectorArn,
  };
  for (const [name, value] of Object.entries(outputs)) if (value) runner.setOutput(name, value);
}
