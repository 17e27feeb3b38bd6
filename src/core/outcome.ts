/**
 * Everything the run learned, filled in step by step so that outputs and the summary can be written whenever it
 * stops, on failure too.
 */
export interface Outcome {
  serviceName?: string;
  serviceArn?: string;
  serviceId?: string;
  serviceUrl?: string;
  serviceStatus?: string;
  operationId?: string;
  operationStatus?: string;
  imageUri?: string;
  imageDigest?: string;
  vpcConnectorArn?: string;
  /** What the run did, in a few words: created, updated, no change, dry run, refused, failed... */
  result?: string;
  diff?: string;
  /** Every status change of every operation followed, with the time since that operation was started. */
  timeline: { label: string; status: string; elapsedMs: number }[];
  /** Service event lines fetched from CloudWatch Logs after a failed deployment. */
  events: string[];
  startedAt: number;
}

export function newOutcome(now: number): Outcome {
  return { timeline: [], events: [], startedAt: now };
}

/** A failure the action understood and explains; anything else is unexpected and reported as such. */
export class DeployError extends Error {
  /** The operation was still going when the wait ran out: it goes on in AWS. */
  readonly timedOut: boolean;

  constructor(message: string, options: { timedOut?: boolean } = {}) {
    super(message);
    this.name = 'DeployError';
    this.timedOut = options.timedOut ?? false;
  }
}

export function recordService(
  outcome: Outcome,
  service: {
    ServiceName?: string;
    ServiceArn?: string;
    ServiceId?: string;
    ServiceUrl?: string;
    Status?: string;
    NetworkConfiguration?: { EgressConfiguration?: { VpcConnectorArn?: string } };
  },
): void {
  outcome.serviceName = service.ServiceName ?? outcome.serviceName;
  outcome.serviceArn = service.ServiceArn ?? outcome.serviceArn;
  outcome.serviceId = service.ServiceId ?? outcome.serviceId;
  // App Runner answers the bare domain; users click and curl URLs.
  if (service.ServiceUrl) outcome.serviceUrl = `https://${service.ServiceUrl.replace(/^https?:\/\//, '')}`;
  outcome.serviceStatus = service.Status ?? outcome.serviceStatus;
  // What the service egresses through now: none after a switch back to default egress.
  if (service.NetworkConfiguration)
    outcome.vpcConnectorArn = service.NetworkConfiguration.EgressConfiguration?.VpcConnectorArn;
}
