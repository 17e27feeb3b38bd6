/**
 * App Runner pulls the image when a deployment starts; a missing image makes the deployment fail. A RUNNING service
 * rolls back to the version it serves (ROLLBACK_SUCCEEDED), as every failed deployment of a running service does; a
 * create ends CREATE_FAILED and a rebuild stays CREATE_FAILED (FAILED). The emulator checks images of this account's ECR in repositories it knows (seeded, created or in an
 * attached registry); images elsewhere are assumed pullable, since nothing here can see them.
 */
import { findImage } from '../ecr/images.ts';
import type { EmulatorState } from '../state.ts';
import type { OperationType, ServiceConfig, ServiceStatus } from './model.ts';
import { checkBuild } from './code-source.ts';
import { canRollBack, hasPlan, type OperationPlan } from './plans.ts';

export interface PullCheck {
  plan?: OperationPlan;
  failure?: 'image-pull' | 'build';
  /** A source-code deployment's build output. */
  buildLog?: string[];
}

/** What the next operation of `serviceName` deploying `config` does about its image. */
export async function checkImagePull(
  state: EmulatorState,
  init: { serviceName: string; config: ServiceConfig; type: OperationType; serviceStatus?: ServiceStatus },
): Promise<PullCheck> {
  const { config } = init;
  // A source-code service builds instead of pulling: the build decides.
  if (config.SourceConfiguration.CodeRepository) return checkBuild(state, init);
  const identifier = config.SourceConfiguration.ImageRepository?.ImageIdentifier ?? '';
  const host = `${state.accountId}.dkr.ecr.${state.region}.amazonaws.com/`;
  if (!identifier.startsWith(host)) return {};
  const reference = identifier.slice(host.length);
  const at = reference.indexOf('@');
  const colon = reference.lastIndexOf(':');
  const [name, query] =
    at >= 0
      ? [reference.slice(0, at), { imageDigest: reference.slice(at + 1) }]
      : colon >= 0
        ? [reference.slice(0, colon), { imageTag: reference.slice(colon + 1) }]
        : [reference, { imageTag: 'latest' }];
  const repository = state.repositories.get(name);
  if (!repository) return {};
  if (await findImage(state, { repository, query })) return {};
  const rollback = init.serviceStatus !== undefined && canRollBack(init.type, init.serviceStatus);
  // A plan the test set explicitly for this operation still wins over the emulator's own verdict.
  if (hasPlan(state, { serviceName: init.serviceName, type: init.type, canRollBack: rollback })) return {};
  const durationMs = Math.min(state.operationMs, 500);
  return { plan: { outcome: rollback ? 'rollback' : 'fail', durationMs }, failure: 'image-pull' };
}
