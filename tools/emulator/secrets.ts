/** Secrets Manager DescribeSecret (metadata only). */
import { randomBytes, randomUUID } from 'node:crypto';
import { AwsError } from './errors.ts';
import type { HandlerTable } from './handler.ts';
import { epochSeconds, reqString, type JsonObject } from './json.ts';
import type { EmulatorState, SecretRecord } from './state.ts';

export function addSecret(
  state: EmulatorState,
  init: { name: string; description?: string; kmsKeyId?: string; deleted?: boolean; tags?: Record<string, string> },
): SecretRecord {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const suffix = Array.from(randomBytes(6), (byte) => alphabet[byte % alphabet.length]).join('');
  const now = Date.now();
  const secret: SecretRecord = {
    name: init.name,
    arn: `arn:${state.partition}:secretsmanager:${state.region}:${state.accountId}:secret:${init.name}-${suffix}`,
    createdAt: now,
    tags: init.tags ?? {},
  };
  if (init.description !== undefined) secret.description = init.description;
  if (init.kmsKeyId !== undefined) secret.kmsKeyId = init.kmsKeyId;
  if (init.deleted) secret.deletedAt = now;
  state.secrets.push(secret);
  return secret;
}

/** A secret answers to its name, its full ARN, or its ARN without the random suffix. */
function matchesSecret(secret: SecretRecord, id: string): boolean {
  return secret.name === id || secret.arn === id || secret.arn.slice(0, -7) === id;
}

function describeSecret(state: EmulatorState, input: JsonObject): JsonObject {
  const id = reqString({ obj: input, key: 'SecretId', path: 'secretId', errorType: 'InvalidParameterException' });
  const secret = state.secrets.find((item) => matchesSecret(item, id));
  if (!secret)
    throw new AwsError({
      type: 'ResourceNotFoundException',
      message: "Secrets Manager can't find the specified secret.",
    });
  const view: JsonObject = {
    ARN: secret.arn,
    Name: secret.name,
    RotationEnabled: false,
    LastChangedDate: epochSeconds(secret.createdAt),
    CreatedDate: epochSeconds(secret.createdAt),
    VersionIdsToStages: { [randomUUID()]: ['AWSCURRENT'] },
  };
  if (secret.description !== undefined) view.Description = secret.description;
  if (secret.kmsKeyId !== undefined) view.KmsKeyId = secret.kmsKeyId;
  if (secret.deletedAt !== undefined) view.DeletedDate = epochSeconds(secret.deletedAt);
  if (Object.keys(secret.tags).length > 0)
    view.Tags = Object.entries(secret.tags).map(([Key, Value]) => ({ Key, Value }));
  return view;
}

export const secretsHandlers: HandlerTable = { DescribeSecret: describeSecret };
