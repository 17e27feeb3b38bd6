/**
 * Auto scaling and observability configurations: revisions per name, AWS's own `DefaultConfiguration` in every
 * account, and the resolution AWS applies to the ARN a service request names (a full ARN, `.../name/revision`, or
 * `.../name` for the latest active revision). A service always records the full ARN it resolved to.
 */
import { invalidRequest } from '../errors.ts';
import { epochSeconds, type JsonObject } from '../json.ts';
import { appRunnerArn, newId, type Place } from './model.ts';
import { checkOwnArn, checkPattern } from './validate-fields.ts';

export type ConfigurationKind = 'autoscalingconfiguration' | 'observabilityconfiguration';

export interface ConfigurationRecord {
  kind: ConfigurationKind;
  name: string;
  revision: number;
  arn: string;
  createdAt: number;
  status: 'ACTIVE' | 'INACTIVE';
  /** The account's default auto scaling configuration (what a service gets when it names none). */
  isDefault: boolean;
  /** Auto scaling only: the values of this revision (AWS's defaults when a create leaves one out). */
  scaling?: ScalingValues;
  /** Observability only: the tracing vendor, when the revision turns tracing on. */
  traceVendor?: string;
}

export interface ScalingValues {
  maxConcurrency: number;
  minSize: number;
  maxSize: number;
}

/** What AWS gives a revision that leaves a value out, and what its own DefaultConfiguration has. */
export const SCALING_DEFAULTS: ScalingValues = { maxConcurrency: 100, minSize: 1, maxSize: 25 };

/** What the resolution needs: where the emulator is and which configurations exist there. */
export interface ConfigurationPlace extends Place {
  configurations: ConfigurationRecord[];
}

/** The id AWS gives the configurations it manages itself in every account. */
export const AWS_MANAGED_ID = `${'0'.repeat(31)}1`;

const DEFAULT_NAME = 'DefaultConfiguration';
const NAME = /^[A-Za-z0-9][A-Za-z0-9\-_]{3,31}$/;

const WHAT: Record<ConfigurationKind, string> = {
  autoscalingconfiguration: 'auto scaling configuration',
  observabilityconfiguration: 'observability configuration',
};

/** The configurations AWS creates in an account: DefaultConfiguration revision 1 of each kind. */
export function defaultConfigurations(place: Place): ConfigurationRecord[] {
  const kinds: ConfigurationKind[] = ['autoscalingconfiguration', 'observabilityconfiguration'];
  return kinds.map((kind) => ({
    kind,
    name: DEFAULT_NAME,
    revision: 1,
    arn: appRunnerArn(place, `${kind}/${DEFAULT_NAME}/1/${AWS_MANAGED_ID}`),
    createdAt: Date.now(),
    status: 'ACTIVE',
    isDefault: kind === 'autoscalingconfiguration',
    scaling: kind === 'autoscalingconfiguration' ? { ...SCALING_DEFAULTS } : undefined,
  }));
}

/** A new revision of `name`, as CreateAutoScalingConfiguration / CreateObservabilityConfiguration make one. */
export function addConfiguration(
  place: ConfigurationPlace,
  init: { kind: ConfigurationKind; name: string; scaling?: Partial<ScalingValues>; traceVendor?: string },
): ConfigurationRecord {
  const path =
    init.kind === 'autoscalingconfiguration' ? 'autoScalingConfigurationName' : 'observabilityConfigurationName';
  checkPattern({ path, value: init.name, pattern: NAME, min: 4, max: 32 });
  const revisions = place.configurations
    .filter((item) => item.kind === init.kind && item.name === init.name)
    .map((item) => item.revision);
  const revision = Math.max(0, ...revisions) + 1;
  const record: ConfigurationRecord = {
    kind: init.kind,
    name: init.name,
    revision,
    arn: appRunnerArn(place, `${init.kind}/${init.name}/${revision}/${newId()}`),
    createdAt: Date.now(),
    status: 'ACTIVE',
    isDefault: false,
    scaling: init.kind === 'autoscalingconfiguration' ? { ...SCALING_DEFAULTS, ...init.scaling } : undefined,
    traceVendor: init.kind === 'observabilityconfiguration' ? init.traceVendor : undefined,
  };
  place.configurations.push(record);
  return record;
}

export function defaultAutoScaling(place: ConfigurationPlace): ConfigurationRecord {
  const found = place.configurations.find((item) => item.kind === 'autoscalingconfiguration' && item.isDefault);
  if (!found) throw new Error('The emulator lost its default auto scaling configuration');
  return found;
}

/**
 * The ACTIVE configuration a request's ARN names. The shape is checked first (the model pattern, then this account
 * and region); a well-formed ARN that names nothing is refused as AWS refuses it, with InvalidRequestException.
 */
export function resolveConfiguration(
  place: ConfigurationPlace,
  init: { path: string; value: string; kind: ConfigurationKind },
): ConfigurationRecord {
  const rest = checkOwnArn({ ...init, place });
  const parts = rest.split('/');
  const [name, revision, id] = parts;
  checkPattern({ path: init.path, value: name, pattern: NAME });
  const malformed =
    parts.length > 3 ||
    (revision !== undefined && !/^[1-9][0-9]*$/.test(revision)) ||
    (id !== undefined && !/^[0-9a-f]{32}$/.test(id));
  if (malformed) throw invalidRequest(`The ${WHAT[init.kind]} ARN you specified isn't valid. ARN: '${init.value}'`);
  const candidates = place.configurations
    .filter((item) => item.kind === init.kind && item.name === name && item.status === 'ACTIVE')
    .filter((item) => revision === undefined || item.revision === Number(revision))
    .filter((item) => id === undefined || item.arn === init.value);
  const latest = candidates.sort((a, b) => b.revision - a.revision)[0];
  if (!latest) throw invalidRequest(`The ${WHAT[init.kind]} you specified doesn't exist. ARN: '${init.value}'`);
  return latest;
}

/** AutoScalingConfigurationSummary as DescribeService reports it for the configuration the service uses. */
export function autoScalingSummary(place: ConfigurationPlace, arn: string): JsonObject {
  const record = place.configurations.find((item) => item.arn === arn);
  if (!record) throw new Error(`The emulator has no auto scaling configuration ${arn}`);
  return {
    AutoScalingConfigurationArn: record.arn,
    AutoScalingConfigurationName: record.name,
    AutoScalingConfigurationRevision: record.revision,
    Status: record.status,
    CreatedAt: epochSeconds(record.createdAt),
    HasAssociatedService: true,
    IsDefault: record.isDefault,
  };
}
