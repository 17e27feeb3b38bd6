/**
 * ECS pulls the image when a task starts; when it is missing every task of the new revision fails to start
 * (CannotPullContainerError) and the circuit breaker ends the deployment. The emulator checks images of this account's
 * ECR in repositories it knows (seeded, created or in an attached registry); images elsewhere are assumed pullable.
 */
import { findImage } from '../ecr/images.ts';
import type { EmulatorState } from '../state.ts';
import type { ExpressConfig } from './model.ts';
import type { EcsPlan } from './plans.ts';

export async function imageMissing(state: EmulatorState, image: string | undefined): Promise<boolean> {
  const host = `${state.accountId}.dkr.ecr.${state.region}.amazonaws.com/`;
  if (image === undefined || !image.startsWith(host)) return false;
  const reference = image.slice(host.length);
  const at = reference.indexOf('@');
  const colon = reference.lastIndexOf(':');
  const [name, query] =
    at >= 0
      ? [reference.slice(0, at), { imageDigest: reference.slice(at + 1) }]
      : colon >= 0
        ? [reference.slice(0, colon), { imageTag: reference.slice(colon + 1) }]
        : [reference, { imageTag: 'latest' }];
  const repository = state.repositories.get(name);
  if (!repository) return false;
  return (await findImage(state, { repository, query })) === undefined;
}

/** The plan a deployment of `config` follows because of its image, unless the test planned this one itself. */
export async function imagePullVerdict(
  state: EmulatorState,
  init: { serviceName: string; config: ExpressConfig },
): Promise<{ plan?: EcsPlan; failure?: 'image-pull' }> {
  if (!(await imageMissing(state, init.config.primaryContainer?.image))) return {};
  if (state.ecs.plans.has(init.serviceName)) return {};
  return { plan: { outcome: 'circuit-breaker' }, failure: 'image-pull' };
}
