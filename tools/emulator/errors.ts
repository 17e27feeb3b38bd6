/**
 * AWS error shapes as the SDK v3 JSON protocols parse them: HTTP status + `{"__type": name, "<message key>": text}`.
 * The message key differs per service model (App Runner and Secrets Manager declare `Message`, the others `message`);
 * the SDK accepts both, but answering like the real service keeps raw-HTTP callers honest too.
 */

export type AwsServiceName = 'apprunner' | 'ecr' | 'secretsmanager' | 'ssm' | 'logs';

export class AwsError extends Error {
  readonly type: string;
  readonly status: number;

  constructor(init: { type: string; message: string; status?: number }) {
    super(init.message);
    this.type = init.type;
    this.status = init.status ?? 400;
  }
}

const MESSAGE_KEY: Record<AwsServiceName, 'Message' | 'message'> = {
  apprunner: 'Message',
  secretsmanager: 'Message',
  ecr: 'message',
  ssm: 'message',
  logs: 'message',
};

/** Name of the server-side fault each service declares (what a 500 is called there). */
export const SERVER_FAULT: Record<AwsServiceName, string> = {
  apprunner: 'InternalServiceErrorException',
  ecr: 'ServerException',
  secretsmanager: 'InternalServiceError',
  ssm: 'InternalServerError',
  logs: 'ServiceUnavailableException',
};

export function errorBody(service: AwsServiceName, error: AwsError): string {
  return JSON.stringify({ __type: error.type, [MESSAGE_KEY[service]]: error.message });
}

export const invalidRequest = (message: string): AwsError => new AwsError({ type: 'InvalidRequestException', message });

export const invalidState = (message: string): AwsError => new AwsError({ type: 'InvalidStateException', message });

export const resourceNotFound = (message: string): AwsError =>
  new AwsError({ type: 'ResourceNotFoundException', message });

/** Wrong JSON type for a member: the protocol layer refuses it before the service sees it. */
export const serializationError = (path: string, expected: string): AwsError =>
  new AwsError({ type: 'SerializationException', message: `Expected ${expected} for '${path}'` });

/** The wording AWS's validation layer uses for a model constraint (pattern, length, range) a value breaks. */
export function constraintViolation(init: {
  path: string;
  value: unknown;
  constraint: string;
  type?: string;
}): AwsError {
  const shown = typeof init.value === 'string' ? `'${init.value}'` : String(init.value);
  return new AwsError({
    type: init.type ?? 'InvalidRequestException',
    message: `1 validation error detected: Value ${shown} at '${init.path}' failed to satisfy constraint: ${init.constraint}`,
  });
}

export const missingMember = (path: string, type = 'InvalidRequestException'): AwsError =>
  new AwsError({
    type,
    message: `1 validation error detected: Value null at '${path}' failed to satisfy constraint: Member must not be null`,
  });
