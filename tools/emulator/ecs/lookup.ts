/** Finding clusters and services the way ECS resolves them: short names or full ARNs, `default` when left out. */
import { optString, type JsonObject } from '../json.ts';
import { clusterNotFound, invalidParameter, missingParameter, serviceNotFound } from './errors.ts';
import { ecsArn, type EcsPlace, type EcsServiceRecord } from './model.ts';

/** The cluster name a `cluster` member (name or ARN, default `default`) names; ClusterNotFound when it is unknown. */
export function resolveCluster(place: EcsPlace, input: JsonObject, key = 'cluster'): string {
  const value = optString({ obj: input, key, path: key }) ?? 'default';
  const prefix = ecsArn(place, 'cluster/');
  const name = value.startsWith('arn:') ? (value.startsWith(prefix) ? value.slice(prefix.length) : undefined) : value;
  if (name === undefined || !place.ecs.clusters.has(name)) throw clusterNotFound();
  return name;
}

/** How long DescribeServices still finds a deleted (INACTIVE) service. */
export const INACTIVE_RETENTION_MS = 60 * 60 * 1000;

const visible = (service: EcsServiceRecord): boolean =>
  service.status !== 'INACTIVE' || Date.now() - (service.inactiveAt ?? 0) < INACTIVE_RETENTION_MS;

/** The service of that name in the cluster: the live one if any, else the most recent INACTIVE one still visible. */
export function serviceByName(place: EcsPlace, cluster: string, name: string): EcsServiceRecord | undefined {
  const named = place.ecs.services.filter((item) => item.cluster === cluster && item.name === name && visible(item));
  return named.find((item) => item.status !== 'INACTIVE') ?? named.at(-1);
}

/** `service/CLUSTER/NAME` of a service ARN, or undefined when the ARN is not an ECS service ARN of this place. */
export function parseServiceArn(place: EcsPlace, arn: string): { cluster: string; name: string } | undefined {
  const prefix = ecsArn(place, 'service/');
  if (!arn.startsWith(prefix)) return undefined;
  const parts = arn.slice(prefix.length).split('/');
  return parts.length === 2 && parts.every((part) => part !== '') ? { cluster: parts[0], name: parts[1] } : undefined;
}

/**
 * The service an Express call's `serviceArn` names. A malformed ARN is an InvalidParameter, an unknown cluster a
 * ClusterNotFound, and an unknown service `missing()` (ServiceNotFound unless the operation declares otherwise).
 */
export function serviceByArn(
  place: EcsPlace,
  input: JsonObject,
  missing: () => Error = serviceNotFound,
): EcsServiceRecord {
  const arn = optString({ obj: input, key: 'serviceArn', path: 'serviceArn' });
  if (arn === undefined) throw missingParameter('serviceArn');
  const parsed = parseServiceArn(place, arn);
  if (!parsed) throw invalidParameter(`Invalid service ARN: '${arn}'.`);
  if (!place.ecs.clusters.has(parsed.cluster)) throw clusterNotFound();
  const service = serviceByName(place, parsed.cluster, parsed.name);
  if (!service) throw missing();
  return service;
}

/** A `service` member that is a name or an ARN, within `cluster`. */
export function serviceByReference(place: EcsPlace, cluster: string, reference: string): EcsServiceRecord | undefined {
  const parsed = reference.startsWith('arn:') ? parseServiceArn(place, reference) : { cluster, name: reference };
  if (!parsed || parsed.cluster !== cluster) return undefined;
  return serviceByName(place, cluster, parsed.name);
}
