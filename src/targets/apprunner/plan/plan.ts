import type { CreateServiceRequest, Service, UpdateServiceRequest } from '@aws-sdk/client-apprunner';
import type { AppRunnerConfig } from '../config.js';
import { diffShapes, type Change, type Section } from './diff.js';
import { createRequest, updateRequest } from './requests.js';
import { desiredShape, shapeOf, type Resolved } from './shape.js';

/** `image`: what the service runs once the plan is applied. */
export type Plan = { image: string; changes: Change[] } & (
  | { kind: 'create'; request: CreateServiceRequest }
  | { kind: 'update'; request: UpdateServiceRequest }
  /** Nothing changed but `force-deploy`: StartDeployment of the same configuration. */
  | { kind: 'redeploy' }
  | { kind: 'none' }
);

/** A rebuild of a CREATE_FAILED service sends every part, changed or not. */
const REBUILD_SECTIONS: Section[] = ['source', 'instance', 'healthCheck', 'network'];

/**
 * `deploy`: create what is missing, update what is there. On a CREATE_FAILED service, `rebuild` updates it in place
 * sending every part, and `recreate` plans a create that keeps what the failed service had and the inputs do not
 * name (its roles, port, variables), as an update would.
 */
export type PlanMode = 'deploy' | 'rebuild' | 'recreate';

/** Current state + inputs → the exact request and a readable diff. Pure. */
export function planDeploy(input: {
  config: AppRunnerConfig;
  current?: Service;
  resolved: Resolved;
  mode?: PlanMode;
}): Plan {
  const { config, current, resolved } = input;
  if (!current || input.mode === 'recreate') {
    // A new service may take a new KMS key: the failed one's key is only a default.
    const base = current
      ? { ...shapeOf(current), kmsKeyArn: config.kmsKeyArn ?? current.EncryptionConfiguration?.KmsKey }
      : undefined;
    const shape = desiredShape(base, config, resolved);
    return {
      kind: 'create',
      request: createRequest({ service: config.service, shape }),
      changes: diffShapes(undefined, shape),
      image: shape.image,
    };
  }
  const before = shapeOf(current);
  const after = desiredShape(before, config, resolved);
  const changes = diffShapes(before, after);
  const sections = new Set<Section>(changes.map((change) => change.section));
  if (input.mode === 'rebuild') REBUILD_SECTIONS.forEach((section) => sections.add(section));
  if (sections.size > 0) {
    return {
      kind: 'update',
      request: updateRequest({ serviceArn: current.ServiceArn ?? '', shape: after, sections }),
      changes,
      image: after.image,
    };
  }
  return { kind: config.forceDeploy ? 'redeploy' : 'none', changes, image: after.image };
}
