import { Runtime } from '@aws-sdk/client-apprunner';
import { parseArn } from '../../core/inputs/arn.js';
import { map, type InputReader } from '../../core/inputs/common.js';
import { InputError } from '../../core/inputs/errors.js';
import { parseEnum } from '../../core/inputs/values.js';
import type { SourceCodeInput } from './config.js';

/** The runtimes the API knows (the SDK's enum), so an unknown one is refused naming the valid ones. */
const RUNTIMES = Object.values(Runtime);

/** App Runner connects to GitHub and Bitbucket; the URL is the repository's web address. */
const REPOSITORY_URL = /^https:\/\/(github\.com|bitbucket\.org)\/[\w.-]+\/[\w.-]+?(?:\.git)?\/?$/;

/** Inputs that only mean something with `repo`. */
const CODE_ONLY = ['source-connection-arn', 'runtime', 'build-command', 'source-directory', 'configuration-source'];

/** What the inputs it clashes with are, when the source is code. */
interface Others {
  image?: string;
  push: boolean;
  accessRoleArn?: string;
}

/**
 * Source-code mode (the official action's `repo` set): a repository, branch and connection instead of an image, and
 * either the API's build settings (`runtime`...) or the repository's apprunner.yaml (`configuration-source:
 * repository`). Pure; every clash is refused naming the input, before any AWS call.
 */
export function parseSourceCode(read: InputReader, others: Others): SourceCodeInput | undefined {
  const optional = (name: string): string | undefined => read(name).trim() || undefined;
  const repo = optional('repo');
  const branch = optional('branch') ?? 'main';
  if (!repo) {
    const stray = CODE_ONLY.find((name) => optional(name) !== undefined);
    if (stray) throw new InputError(stray, 'goes with `repo` (source-code mode), which is empty.');
    if (branch !== 'main') throw new InputError('branch', 'goes with `repo` (source-code mode), which is empty.');
    return undefined;
  }
  if (others.image || others.push) {
    throw new InputError(
      'repo',
      `and \`${others.push ? 'ecr-repository' : 'image'}\` exclude each other: deploy from source code or from an image, not both.`,
    );
  }
  if (!REPOSITORY_URL.test(repo)) {
    throw new InputError(
      'repo',
      `\`${repo}\` is not a repository URL App Runner connects to (https://github.com/OWNER/REPO or https://bitbucket.org/WORKSPACE/REPO).`,
    );
  }
  const connectionArn = map(optional('source-connection-arn'), (raw) =>
    parseArn('source-connection-arn', raw, 'connection'),
  );
  if (!connectionArn) {
    throw new InputError(
      'source-connection-arn',
      'is required with `repo`: the ARN of an App Runner connection to the repository provider.',
    );
  }
  const runtime = map(optional('runtime'), (raw) => parseEnum('runtime', raw, RUNTIMES));
  const configurationSource = parseEnum(
    'configuration-source',
    optional('configuration-source') ?? (runtime ? 'api' : 'repository'),
    ['api', 'repository'],
  );
  const build = parseBuildSettings(read, { configurationSource, runtime });
  // Checked last, so that a more specific mistake is named first.
  if (others.accessRoleArn) {
    throw new InputError(
      'access-role-arn',
      'is for ECR images; a source-code service reads its repository through `source-connection-arn`.',
    );
  }
  return {
    repositoryUrl: repo.replace(/\/$/, '').replace(/\.git$/, ''),
    connectionArn,
    branch,
    sourceDirectory: optional('source-directory'),
    ...build,
  };
}

function parseBuildSettings(
  read: InputReader,
  chosen: { configurationSource: 'api' | 'repository'; runtime?: SourceCodeInput['runtime'] },
): Pick<SourceCodeInput, 'configurationSource' | 'runtime' | 'buildCommand'> {
  const optional = (name: string): string | undefined => read(name).trim() || undefined;
  const buildCommand = optional('build-command');
  if (chosen.configurationSource === 'api') {
    if (!chosen.runtime)
      throw new InputError(
        'runtime',
        `is required with \`configuration-source: api\`; use one of ${RUNTIMES.map((value) => `\`${value}\``).join(', ')}.`,
      );
    return { configurationSource: 'API', runtime: chosen.runtime, buildCommand };
  }
  // apprunner.yaml in the repository holds these: App Runner ignores the API's values then, so they would mislead.
  for (const name of ['runtime', 'build-command', 'start-command', 'port', 'env-vars', 'secrets']) {
    if (optional(name)) {
      throw new InputError(
        name,
        "does not apply with `configuration-source: repository`: set it in the repository's apprunner.yaml, or give `runtime` to configure the build here.",
      );
    }
  }
  return { configurationSource: 'REPOSITORY' };
}
