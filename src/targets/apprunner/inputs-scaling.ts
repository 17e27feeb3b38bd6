import { parseArn } from '../../core/inputs/arn.js';
import { map } from '../../core/inputs/common.js';
import { InputError } from '../../core/inputs/errors.js';
import { parseEnum, parseInteger } from '../../core/inputs/values.js';
import type { AppRunnerConfig, ScalingInput } from './config.js';

/** What AWS gives an auto scaling configuration that leaves a value out (CreateAutoScalingConfiguration). */
export const SCALING_DEFAULTS = { minSize: 1, maxSize: 25, maxConcurrency: 100 };

/** The API's pattern for configuration names (4-32 characters). */
const CONFIGURATION_NAME = /^[A-Za-z0-9][A-Za-z0-9\-_]{3,31}$/;

type Optional = (name: string) => string | undefined;

/**
 * The auto scaling and observability inputs: a configuration by ARN, or the values to find or create one with.
 * The two ways exclude each other, so that a run never has to guess which one the user meant.
 */
export function parseConfigurations(
  optional: Optional,
  service: string,
): Pick<AppRunnerConfig, 'autoScalingConfigArn' | 'scaling' | 'observabilityConfigArn' | 'tracing'> {
  const autoScalingConfigArn = map(optional('auto-scaling-config-arn'), (raw) =>
    parseArn('auto-scaling-config-arn', raw, 'autoScaling'),
  );
  const observabilityConfigArn = map(optional('observability-config-arn'), (raw) =>
    parseArn('observability-config-arn', raw, 'observability'),
  );
  const tracing = map(optional('tracing'), (raw) => parseEnum('tracing', raw, ['off', 'xray'] as const));
  if (tracing && observabilityConfigArn) {
    throw new InputError(
      'tracing',
      'and `observability-config-arn` exclude each other: give `tracing` to let the action find or create the configuration, or the ARN of one.',
    );
  }
  return {
    autoScalingConfigArn,
    scaling: parseScaling(optional, { service, autoScalingConfigArn }),
    observabilityConfigArn,
    tracing,
  };
}

function parseScaling(
  optional: Optional,
  context: { service: string; autoScalingConfigArn?: string },
): ScalingInput | undefined {
  const number = (input: string, range: { min: number; max: number }) =>
    map(optional(input), (raw) => parseInteger(input, raw, range));
  // The model's ranges: MinSize 1-25, MaxConcurrency 1-200; MaxSize has no upper bound there (the account quota is one).
  const minSize = number('min-instances', { min: 1, max: 25 });
  const maxSize = number('max-instances', { min: 1, max: 1000 });
  const maxConcurrency = number('max-concurrency', { min: 1, max: 200 });
  const givenName = optional('auto-scaling-config-name');
  const given = [
    ['min-instances', minSize],
    ['max-instances', maxSize],
    ['max-concurrency', maxConcurrency],
  ].filter(([, value]) => value !== undefined);
  if (given.length === 0) {
    if (givenName) {
      throw new InputError(
        'auto-scaling-config-name',
        'goes with `min-instances`, `max-instances` or `max-concurrency`, which are all empty.',
      );
    }
    return undefined;
  }
  const first = String(given[0][0]);
  if (context.autoScalingConfigArn) {
    throw new InputError(
      first,
      'and `auto-scaling-config-arn` exclude each other: give the values (the action finds or creates the configuration) or the ARN.',
    );
  }
  const values = {
    minSize: minSize ?? SCALING_DEFAULTS.minSize,
    maxSize: maxSize ?? SCALING_DEFAULTS.maxSize,
    maxConcurrency: maxConcurrency ?? SCALING_DEFAULTS.maxConcurrency,
  };
  if (values.minSize > values.maxSize) {
    const blame = minSize === undefined ? 'max-instances' : 'min-instances';
    throw new InputError(
      blame,
      `min-instances (${values.minSize}) must not exceed max-instances (${values.maxSize}; 25 when not given).`,
    );
  }
  // The service name is 4-40 characters, a configuration name 4-32: the first 32 keep the same pattern.
  const name = givenName ?? context.service.slice(0, 32);
  if (!CONFIGURATION_NAME.test(name)) {
    throw new InputError(
      'auto-scaling-config-name',
      `\`${name}\` must be 4-32 letters, digits, hyphens or underscores, starting with a letter or digit.`,
    );
  }
  return { name, ...values };
}
