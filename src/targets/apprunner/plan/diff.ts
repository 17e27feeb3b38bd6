import { describeCpu, describeMemory } from '../instance.js';
import type { ServiceShape } from './shape.js';

/** The parts of an UpdateService request; a change in a field means its whole part is sent. */
export type Section = 'source' | 'instance' | 'healthCheck' | 'network' | 'autoScaling' | 'observability';

export interface Change {
  section: Section;
  /** A readable line: `cpu: 1 vCPU → 2 vCPU`, `+ env FOO`, `- secret DB_URL`. */
  line: string;
}

type Scalar = string | number | boolean | undefined;

const FIELDS: { field: string; section: Section; read: (shape: ServiceShape) => Scalar }[] = [
  { field: 'image', section: 'source', read: (s) => s.image },
  { field: 'port', section: 'source', read: (s) => s.port },
  { field: 'start-command', section: 'source', read: (s) => s.startCommand },
  { field: 'auto-deployments', section: 'source', read: (s) => s.autoDeployments },
  { field: 'access-role-arn', section: 'source', read: (s) => s.accessRoleArn },
  { field: 'cpu', section: 'instance', read: (s) => describeCpu(s.cpu) },
  { field: 'memory', section: 'instance', read: (s) => describeMemory(s.memory) },
  { field: 'instance-role-arn', section: 'instance', read: (s) => s.instanceRoleArn },
  { field: 'health-check-protocol', section: 'healthCheck', read: (s) => s.healthCheck.protocol },
  { field: 'health-check-path', section: 'healthCheck', read: (s) => s.healthCheck.path },
  { field: 'health-check-interval', section: 'healthCheck', read: (s) => s.healthCheck.interval },
  { field: 'health-check-timeout', section: 'healthCheck', read: (s) => s.healthCheck.timeout },
  { field: 'health-check-healthy-threshold', section: 'healthCheck', read: (s) => s.healthCheck.healthyThreshold },
  { field: 'health-check-unhealthy-threshold', section: 'healthCheck', read: (s) => s.healthCheck.unhealthyThreshold },
  { field: 'egress', section: 'network', read: (s) => s.egress },
  { field: 'vpc-connector-arn', section: 'network', read: (s) => s.vpcConnectorArn },
  { field: 'ingress', section: 'network', read: (s) => (s.publiclyAccessible ? 'public' : 'private') },
  { field: 'auto-scaling-config-arn', section: 'autoScaling', read: (s) => s.autoScalingConfigArn },
  { field: 'observability-config-arn', section: 'observability', read: (s) => s.observabilityConfigArn },
];

const show = (value: Scalar) => (value === undefined ? '(none)' : String(value));

/**
 * Field-by-field differences. With no `before` (a create) every set field is listed. Variable values are never
 * shown: they may be sensitive even when they are not declared as secrets. Secret references (ARNs) are shown.
 */
export function diffShapes(before: ServiceShape | undefined, after: ServiceShape): Change[] {
  const changes: Change[] = [];
  for (const { field, section, read } of FIELDS) {
    const [old, now] = [before ? read(before) : undefined, read(after)];
    if (old === now || (before === undefined && now === undefined)) continue;
    changes.push({ section, line: before ? `${field}: ${show(old)} → ${show(now)}` : `${field}: ${show(now)}` });
  }
  changes.push(...diffMap({ kind: 'env', before: before?.envVars ?? {}, after: after.envVars, showValues: false }));
  changes.push(...diffMap({ kind: 'secret', before: before?.secrets ?? {}, after: after.secrets, showValues: true }));
  return changes;
}

function diffMap(maps: {
  kind: string;
  before: Record<string, string>;
  after: Record<string, string>;
  showValues: boolean;
}): Change[] {
  const changes: Change[] = [];
  const names = [...new Set([...Object.keys(maps.before), ...Object.keys(maps.after)])].sort();
  for (const name of names) {
    const [old, now] = [maps.before[name], maps.after[name]];
    if (old === now) continue;
    const detail = maps.showValues
      ? ` ${show(old === undefined ? now : now === undefined ? old : `${old} → ${now}`)}`
      : '';
    const mark = old === undefined ? '+' : now === undefined ? '-' : '~';
    changes.push({ section: 'source', line: `${mark} ${maps.kind} ${name}${detail}` });
  }
  return changes;
}
