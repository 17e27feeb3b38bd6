import type { CommonConfig } from './config.js';
import { secretValues } from './inputs/secrets.js';

/** A service's variables and secrets as both targets keep them: name → value, name → reference. */
export interface Environment {
  envVars: Record<string, string>;
  secrets: Record<string, string>;
}

/**
 * What the service will have: `merge` keeps what it has and the inputs do not name, and a name moves between
 * variables and secrets; `overwrite` (or a new service) has exactly the inputs.
 */
export function mergeEnvironment(
  current: Environment | undefined,
  config: Pick<CommonConfig, 'envVars' | 'secrets' | 'envUpdateStrategy'>,
): Environment {
  const given = secretValues(config.secrets);
  if (config.envUpdateStrategy === 'overwrite' || !current) return { envVars: config.envVars, secrets: given };
  const envVars = { ...current.envVars, ...config.envVars };
  const secrets = { ...current.secrets, ...given };
  for (const name of Object.keys(given)) delete envVars[name];
  for (const name of Object.keys(config.envVars)) delete secrets[name];
  return { envVars, secrets };
}

/**
 * `+ env NAME`, `- secret NAME REF`, `~ secret NAME OLD → NEW`, by name. Variable values are never shown: they may be
 * sensitive even when they are not declared as secrets. Secret references (ARNs, parameter names) are shown.
 */
export function diffEnvironment(before: Environment | undefined, after: Environment): string[] {
  const lines: string[] = [];
  for (const [kind, key, showValues] of [
    ['env', 'envVars', false],
    ['secret', 'secrets', true],
  ] as const) {
    const [old, now] = [before?.[key] ?? {}, after[key]];
    for (const name of [...new Set([...Object.keys(old), ...Object.keys(now)])].sort()) {
      const [was, is] = [old[name], now[name]];
      if (was === is) continue;
      const mark = was === undefined ? '+' : is === undefined ? '-' : '~';
      const value = was === undefined ? is : is === undefined ? was : `${was} → ${is}`;
      lines.push(`${mark} ${kind} ${name}${showValues ? ` ${value}` : ''}`);
    }
  }
  return lines;
}
