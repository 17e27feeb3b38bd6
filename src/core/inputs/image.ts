import { InputError } from './errors.js';

/** Images App Runner can deploy: private ECR (needs an access role) or ECR Public. */

export type ImageRepositoryType = 'ECR' | 'ECR_PUBLIC';

export interface DeployableImage {
  identifier: string;
  repositoryType: ImageRepositoryType;
  /** For private ECR: what preflight needs to look the image up. */
  ecr?: { registryId: string; region: string; repository: string; tag?: string; digest?: string };
}

const REFERENCE = '(?::(?<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})|@(?<digest>sha256:[a-f0-9]{64}))';
const REPOSITORY = '(?<repository>[a-z0-9]+(?:[._/-][a-z0-9]+)*)';
const PRIVATE_ECR = new RegExp(
  `^(?<registryId>\\d{12})\\.dkr\\.ecr\\.(?<region>[a-z]{2}(?:-gov)?-[a-z]+-\\d)\\.amazonaws\\.com(?:\\.cn)?/${REPOSITORY}${REFERENCE}$`,
);
const PUBLIC_ECR = new RegExp(`^public\\.ecr\\.aws/${REPOSITORY}${REFERENCE}$`);

export function parseDeployableImage(raw: string): DeployableImage {
  const privateMatch = PRIVATE_ECR.exec(raw);
  if (privateMatch?.groups) {
    const { registryId, region, repository, tag, digest } = privateMatch.groups;
    return { identifier: raw, repositoryType: 'ECR', ecr: { registryId, region, repository, tag, digest } };
  }
  if (PUBLIC_ECR.test(raw)) return { identifier: raw, repositoryType: 'ECR_PUBLIC' };
  throw new InputError(
    'image',
    `\`${raw}\` is not an image App Runner can deploy. Use ACCOUNT.dkr.ecr.REGION.amazonaws.com/REPOSITORY:TAG (or @sha256:DIGEST), ` +
      'public.ecr.aws/ALIAS/REPOSITORY:TAG, or set `ecr-repository` to push a local image first.',
  );
}
