import type { CreateServiceRequest, Service, UpdateServiceRequest } from '@aws-sdk/client-apprunner';
import type { DeployConfig } from '../config.js';
import { diffShapes, type Change, type Section } from './diff.js';
import { createRequest, updateRequest } from './requests.js';
import { desiredShape, shapeOf, type Resolved } from './shape.js';

export type Plan =
  | { kind: 'create'; request: CreateServiceRequest; changes: Change[] }
  | { kind: 'update'; request: UpdateServiceRequest; changes: Change[] }
  /** Nothing changed but `force-deploy`: StartDeployment of the same configuration. */
  | { kind: 'redeploy'; changes: Change[] }
  | { kind: 'none'; changes: Change[] };

/**
 * Current state + inputs → the exact request and a readable diff. Pure.
 * `rebuild`: the service is CREATE_FAILED and is rebuilt in place, so every part is sent even when unchanged.
 */
export function planDeploy(input: {
  config: DeployConfig;
  current?: Service;
  resolved: Resolved;
  rebuild?: boolean;
}): Plan {
  const { config, current, resolved } = input;
  if (!current) {
    const shape = desiredShape(undefined, config, resolved);
    return {
      kind: 'create',
      request: createRequest({ service: config.service, shape }),
      changes: diffShapes(undefined, shape),
    };
  }
  const before = shapeOf(current);
  const after = desiredShape(before, config, resolved);
  const changes = diffShapes(before, after);
  const sections = new Set<Section>(changes.map((change) => change.section));
  if (input.rebuild) ['source', 'instance', 'healthCheck', 'network'].forEach((s) => sections.add(s as Section));
  if (sections.size > 0) {
    return {
      kind: 'update',
      request: updateRequest({ serviceArn: current.ServiceArn ?? '', shape: after, sections }),
      changes,
    };
  }
  return { kind: config.forceDeploy ? 'redeploy' : 'none', changes };
}

/** The diff as the log and the summary show it. */
export function describePlan(plan: Plan, service: string): string {
  const head = {
    create: `Create service ${service}:`,
    update: `Update service ${service}:`,
    redeploy: `No change to service ${service}; force-deploy starts a new deployment of the same configuration.`,
    none: `No change to service ${service}: nothing to deploy.`,
  }[plan.kind];
  return [head, ...plan.changes.map((change) => `  ${change.line}`)].join('\n');
}
