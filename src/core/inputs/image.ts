import { ACCOUNT, IMAGE_TAG, REGION } from './patterns.js';

/**
 * An image reference to deploy as is, parsed once. Where it is in private ECR, `ecr` says where, so preflight can
 * look it up; which registries a target accepts is the target's rule.
 */
export interface ImageReference {
  identifier: string;
  registry: 'ECR' | 'ECR_PUBLIC' | 'OTHER';
  ecr?: EcrImage;
}

export interface EcrImage {
  registryId: string;
  region: string;
  repository: string;
  tag?: string;
  digest?: string;
}

const REFERENCE = `(?::(?<tag>${IMAGE_TAG})|@(?<digest>sha256:[a-f0-9]{64}))`;
const REPOSITORY = '(?<repository>[a-z0-9]+(?:[._/-][a-z0-9]+)*)';
const PRIVATE_ECR = new RegExp(
  `^(?<registryId>${ACCOUNT})\\.dkr\\.ecr\\.(?<region>${REGION})\\.amazonaws\\.com(?:\\.cn)?/${REPOSITORY}${REFERENCE}$`,
);
const PUBLIC_ECR = new RegExp(`^public\\.ecr\\.aws/${REPOSITORY}${REFERENCE}$`);
/** Any registry's `[host[:port]/]name[:tag][@digest]`, as `docker pull` takes it. */
const ANY_REGISTRY = new RegExp(
  `^(?:[a-zA-Z0-9.-]+(?::\\d+)?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*` +
    `(?::${IMAGE_TAG})?(?:@sha256:[a-f0-9]{64})?$`,
);

/** Classifies an image reference; undefined when it is not a reference at all. */
export function parseImageReference(raw: string): ImageReference | undefined {
  const privateMatch = PRIVATE_ECR.exec(raw);
  if (privateMatch?.groups) {
    const { registryId, region, repository, tag, digest } = privateMatch.groups;
    return { identifier: raw, registry: 'ECR', ecr: { registryId, region, repository, tag, digest } };
  }
  if (PUBLIC_ECR.test(raw)) return { identifier: raw, registry: 'ECR_PUBLIC' };
  if (ANY_REGISTRY.test(raw) && raw.length <= 1024) return { identifier: raw, registry: 'OTHER' };
  return undefined;
}
