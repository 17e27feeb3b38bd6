import type { CreateServiceRequest, Service, UpdateServiceRequest } from '@aws-sdk/client-apprunner';
import type { AppRunnerConfig } from '../config.js';
import { diffShapes, type Change, type Section } from './diff.js';
import { createRequest, updateRequest } from './requests.js';
import { checkRebuildSource, describeSource } from './shape-code.js';
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
      image: describeSource(shape),
    };
  }
  const before = shapeOf(current);
  const after = desiredShape(before, config, resolved);
  const changes = diffShapes(before, after);
  const sections = new Set<Section>(changes.map((change) => change.section));
  if (input.mode === 'rebuild') {
    checkRebuildSource(before, after);
    REBUILD_SECTIONS.forEach((section) => sections.add(section));
  }
  if (sections.size > 0) {
    return {
      kind: 'update',
      request: updateRequest({ serviceArn: current.ServiceArn ?? '', shape: after, sections }),
      changes,
      image: describeSource(after),
    };
  }
  // App Runner does not report which commit a code service runs: unless it builds every push itself (auto
  // deployments), each run builds the branch again, as the official action does.
  if (after.kind === 'code' && !after.autoDeployments) {
    const line = `build: branch ${after.branch} again (a source-code service builds its branch on every run; App Runner does not report the commit it runs)`;
    return { kind: 'redeploy', changes: [{ section: 'source', line }], image: describeSource(after) };
  }
  return { kind: config.forceDeploy ? 'redeploy' : 'none', changes, image: describeSource(after) };
}
