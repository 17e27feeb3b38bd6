/**
 * Turns an example's `with:` block into inputs the emulator can serve, changing only what a reader changes too: the
 * account ID and region (the emulator's), `${{ … }}` expressions (the values a runner would give), secret ARNs
 * (secrets seeded under the same names), the local image (an OCI layout, pushed for real) and the App Runner service
 * a migration reads (seeded). Every other value is passed exactly as the example has it.
 */
import { FAKE_GITHUB_TOKEN, SHA } from '../../../tools/runner/run-action.ts';
import { imageConfig, seededImage, type Emulator } from './harness.ts';
import type { ExampleStep } from './readme-examples.ts';

/** The account IDs and region the examples are written with. */
const EXAMPLE_ACCOUNTS = ['123456789012', '111122223333'];
const EXAMPLE_REGION = 'eu-west-1';

/** What a runner gives the expressions the examples use; any other expression fails the test, to be added here. */
const EXPRESSIONS: Record<string, string> = {
  'github.sha': SHA,
  'github.ref_name': 'v1.0.0',
  'github.token': FAKE_GITHUB_TOKEN,
};

export interface Substitution {
  emulator: Emulator;
  /** An OCI layout to push in place of a local image (`docker build -t web:…` on a runner). */
  layout: () => Promise<string>;
}

function expressions(source: string, value: string): string {
  return value.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_match, expression: string) => {
    const known = EXPRESSIONS[expression];
    if (known === undefined) throw new Error(`${source}: no plausible value for \${{ ${expression} }}; add one`);
    return known;
  });
}

function accountAndRegion(emulator: Emulator, value: string): string {
  let result = value;
  for (const account of EXAMPLE_ACCOUNTS) result = result.replaceAll(account, emulator.accountId);
  return result.replaceAll(`:${EXAMPLE_REGION}:`, `:${emulator.region}:`);
}

/** Each `KEY=<Secrets Manager or SSM ARN>` line points at a secret seeded under the example's name. */
function seedSecrets(emulator: Emulator, secrets: string): string {
  return secrets.replace(/^(\s*[\w.-]+\s*=\s*)(arn:\S+)$/gm, (_line, key: string, arn: string) => {
    const secret = /:secret:(.+)-[A-Za-z0-9]{6}$/.exec(arn);
    if (secret) return `${key}${emulator.seedSecret(secret[1]).arn}`;
    const parameter = /:parameter(\/.+)$/.exec(arn);
    if (parameter) return `${key}${emulator.seedParameter(parameter[1]).arn}`;
    throw new Error(`Secret ARN of an unknown kind in an example: ${arn}`);
  });
}

/** A registry host before the first `/` (`<account>.dkr.ecr…/web:tag`), as opposed to a local `web:tag`. */
const inRegistry = (image: string) => /^[^/]+\.[^/]+\//.test(image);

async function image(init: Substitution, inputs: Record<string, string>): Promise<void> {
  const { emulator } = init;
  const given = inputs.image;
  if (given === undefined) return;
  if (inputs['ecr-repository'] !== undefined && !inRegistry(given)) {
    inputs.image = `oci:${await init.layout()}`;
    return;
  }
  const ecr = /^\d{12}\.dkr\.ecr\.[\w-]+\.amazonaws\.com\/([^:@]+):(.+)$/.exec(given);
  if (ecr) inputs.image = seededImage(emulator, ecr[1], ecr[2]);
}

/** The App Runner service a migration reads: RUNNING on an image of this account's ECR. */
function seedAppRunnerService(emulator: Emulator, name: string): void {
  const current = seededImage(emulator, name, 'live');
  emulator.seedService({ name, config: imageConfig(emulator, { image: current, env: { LOG_LEVEL: 'info' } }) });
}

/** The inputs to run `step` with, the emulator seeded with what they name. */
export async function exampleInputs(step: ExampleStep, init: Substitution): Promise<Record<string, string>> {
  const { emulator } = init;
  const inputs: Record<string, string> = {};
  for (const [name, value] of Object.entries(step.with)) {
    inputs[name] = accountAndRegion(emulator, expressions(step.source, value));
  }
  if (inputs.secrets !== undefined) inputs.secrets = seedSecrets(emulator, inputs.secrets);
  await image(init, inputs);
  const from = inputs['from-apprunner-service'];
  if (from !== undefined) seedAppRunnerService(emulator, from);
  return inputs;
}
