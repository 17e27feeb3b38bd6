/**
 * ECS error shapes (awsJson1_1, `message` key, `ServerException` for a server fault) and the refusals ECS gives.
 * Kept with the ECS module so the shared error tables of the older services need no entry for it.
 */
import { AwsError } from '../errors.ts';

export const ECS_SERVER_FAULT = 'ServerException';

export const ecsErrorBody = (error: AwsError): string => JSON.stringify({ __type: error.type, message: error.message });

export const invalidParameter = (message: string): AwsError =>
  new AwsError({ type: 'InvalidParameterException', message });

export const clientException = (message: string): AwsError => new AwsError({ type: 'ClientException', message });

export const clusterNotFound = (): AwsError =>
  new AwsError({ type: 'ClusterNotFoundException', message: 'Cluster not found.' });

export const serviceNotFound = (): AwsError =>
  new AwsError({ type: 'ServiceNotFoundException', message: 'Service not found.' });

export const serviceNotActive = (): AwsError =>
  new AwsError({ type: 'ServiceNotActiveException', message: 'Service was not ACTIVE.' });

export const ecsResourceNotFound = (message: string): AwsError =>
  new AwsError({ type: 'ResourceNotFoundException', message });

/** A required member left out: refused by AWS's front end (as the model check does for the other ECS calls). */
export const missingParameter = (path: string): AwsError =>
  new AwsError({
    type: 'ValidationException',
    message: `1 validation error detected: Value null at '${path}' failed to satisfy constraint: Member must not be null`,
  });
