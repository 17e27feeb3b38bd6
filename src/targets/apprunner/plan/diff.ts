import { diffEnvironment } from '../../../core/environment.js';
import { describeCpu, describeMemory } from '../instance.js';
import type { BaseShape, CodeSource, ImageSource, ServiceShape } from './shape.js';

/** The parts of an UpdateService request; a change in a field means its whole part is sent. */
export type Section = 'source' | 'instance' | 'healthCheck' | 'network' | 'autoScaling' | 'observability';

export interface Change {
  section: Section;
  /** A readable line: `cpu: 1 vCPU → 2 vCPU`, `+ env FOO`, `- secret DB_URL`. */
  line: string;
}

type Scalar = string | number | boolean | undefined;
type Field<T> = { field: string; section: Section; show?: (value: T) => Scalar };
type HealthCheck = ServiceShape['healthCheck'];

/** Every field either kind of service may have: the table must rule on each, whichever kind carries it. */
type AllFields = BaseShape & { kind: ServiceShape['kind'] } & Partial<Omit<ImageSource, 'kind'>> &
  Partial<Omit<CodeSource, 'kind'>>;

/**
 * How each field of the shape is compared, in the order the diff lists them. The type names every key of
 * ServiceShape (and of its health check), so a new field that is not given a rule here does not compile: it cannot
 * be planned as "no change" by omission.
 */
type Rule<T> =
  | Field<T>
  | { nested: { [K in keyof HealthCheck]-?: Field<HealthCheck[K]> } }
  /** Variables and secrets: diffed together by diffEnvironment (core/environment.ts), as for every target. */
  | 'environment'
  /** Not compared, and why. */
  | { notCompared: string };

const FIELDS: { [K in keyof AllFields]-?: Rule<AllFields[K]> } = {
  kind: { notCompared: 'an image service cannot become a code service here, nor back: the plan refuses it' },
  image: { field: 'image', section: 'source' },
  repository: { field: 'repo', section: 'source' },
  branch: { field: 'branch', section: 'source' },
  sourceDirectory: { field: 'source-directory', section: 'source' },
  connectionArn: { field: 'source-connection-arn', section: 'source' },
  configurationSource: { field: 'configuration-source', section: 'source' },
  runtime: { field: 'runtime', section: 'source' },
  buildCommand: { field: 'build-command', section: 'source' },
  imageRepositoryType: { notCompared: 'follows from the image' },
  port: { field: 'port', section: 'source' },
  startCommand: { field: 'start-command', section: 'source' },
  autoDeployments: { field: 'auto-deployments', section: 'source' },
  accessRoleArn: { field: 'access-role-arn', section: 'source' },
  cpu: { field: 'cpu', section: 'instance', show: describeCpu },
  memory: { field: 'memory', section: 'instance', show: describeMemory },
  instanceRoleArn: { field: 'instance-role-arn', section: 'instance' },
  healthCheck: {
    nested: {
      protocol: { field: 'health-check-protocol', section: 'healthCheck' },
      path: { field: 'health-check-path', section: 'healthCheck' },
      interval: { field: 'health-check-interval', section: 'healthCheck' },
      timeout: { field: 'health-check-timeout', section: 'healthCheck' },
      healthyThreshold: { field: 'health-check-healthy-threshold', section: 'healthCheck' },
      unhealthyThreshold: { field: 'health-check-unhealthy-threshold', section: 'healthCheck' },
    },
  },
  egress: { field: 'egress', section: 'network' },
  vpcConnectorArn: { field: 'vpc-connector-arn', section: 'network' },
  publiclyAccessible: { field: 'ingress', section: 'network', show: (value) => (value ? 'public' : 'private') },
  ipAddressType: { notCompared: 'not an input: carried over as the service has it' },
  autoScalingConfigArn: { field: 'auto-scaling-config-arn', section: 'autoScaling' },
  observabilityConfigArn: { field: 'observability-config-arn', section: 'observability' },
  kmsKeyArn: { notCompared: 'set on create only; the plan refuses a different one' },
  envVars: 'environment',
  secrets: 'environment',
};

const show = (value: Scalar) => (value === undefined ? '(none)' : String(value));

function compare<T>(rule: Field<T>, values: { before?: T; after: T; creating: boolean }): Change | undefined {
  const read = (value: T | undefined) => (value === undefined ? undefined : (rule.show?.(value) ?? (value as Scalar)));
  const [old, now] = [values.creating ? undefined : read(values.before), read(values.after)];
  if (old === now || (values.creating && now === undefined)) return undefined;
  return {
    section: rule.section,
    line: values.creating ? `${rule.field}: ${show(now)}` : `${rule.field}: ${show(old)} → ${show(now)}`,
  };
}

/**
 * Field-by-field differences. With no `before` (a create) every set field is listed. Secret references (ARNs) are
 * shown; variable values are not.
 */
export function diffShapes(before: ServiceShape | undefined, after: ServiceShape): Change[] {
  const scalars: Change[] = [];
  const creating = before === undefined;
  // Read as the flat record of every field: a field the kind does not have is undefined on both sides.
  const [old, now] = [before as AllFields | undefined, after as AllFields];
  for (const key of Object.keys(FIELDS) as (keyof AllFields)[]) {
    const rule = FIELDS[key] as Rule<unknown>;
    if (rule === 'environment' || 'notCompared' in rule) continue;
    if ('nested' in rule) {
      for (const [name, field] of Object.entries(rule.nested) as [keyof HealthCheck, Field<unknown>][]) {
        const change = compare(field, { before: before?.healthCheck[name], after: after.healthCheck[name], creating });
        if (change) scalars.push(change);
      }
    } else {
      const change = compare(rule, { before: old?.[key], after: now[key], creating });
      if (change) scalars.push(change);
    }
  }
  const environment = diffEnvironment(before, after).map((line): Change => ({ section: 'source', line }));
  return [...scalars, ...environment];
}
