import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeOciImage } from '../push/support/oci-image.ts';
import { inspectImage } from '../push/support/skopeo.ts';
import { startRegistry, type TestRegistry } from '../../tools/registry/launch.ts';
import { SHA } from '../../tools/runner/run-action.ts';
import {
  expectNoLeaks,
  expectSuccess,
  type Harness,
  mutatingOperations,
  type RunResult,
  startHarness,
} from './support/harness.ts';
import { createInputs, executionRole, infrastructureRole, servedRevision, STAGE_MS } from './support/ecs-express.ts';

/**
 * Push to ECR, then deploy the pushed digest to ECS Express: a real registry (CNCF distribution) stands in for ECR's
 * registry API, as in push.test.ts; the emulator hands it out from GetAuthorizationToken and reads what was pushed.
 */

let harness: Harness;
let registry: TestRegistry;
let work: string;
let secrets: string[];

beforeAll(async () => {
  harness = await startHarness({ action: 'ecs-express', ecsStageMs: STAGE_MS });
  registry = await startRegistry({ password: `e2eCanaryRegistryPassword${randomBytes(8).toString('hex')}` });
  secrets = [registry.password, Buffer.from(`AWS:${registry.password}`).toString('base64')];
  work = mkdtempSync(join(tmpdir(), 'e2e-express-push-'));
}, 60_000);
afterAll(async () => {
  await registry?.stop();
  await harness?.emulator.stop();
  rmSync(work, { recursive: true, force: true });
});

beforeEach(() => {
  harness.emulator.reset();
  harness.emulator.attachRegistry({ endpoint: registry.endpoint, username: 'AWS', password: registry.password });
});

const repositoryUri = () =>
  `${harness.emulator.accountId}.dkr.ecr.${harness.emulator.region}.amazonaws.com/express-web`;

async function newLayout(name: string): Promise<string> {
  const dir = join(work, name);
  await writeOciImage(dir, { layers: [64 * 1024, 3000], gzip: true, ref: 'latest' });
  return dir;
}

function expectDeployedDigest(result: RunResult, tag: string): string {
  expectSuccess(result);
  const digest = inspectImage(registry, `express-web:${tag}`).Digest;
  expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  const uri = `${repositoryUri()}@${digest}`;
  expect(result.outputs['image-digest']).toBe(digest);
  expect(result.outputs['image-uri']).toBe(uri);
  const state = harness.emulator.expressService('express-web');
  expect(state?.status).toBe('ACTIVE');
  expect(state?.deployments[0].status).toBe('SUCCESSFUL');
  expect(servedRevision(harness.emulator, 'express-web')?.config.primaryContainer?.image).toBe(uri);
  expect(result.outputs['deployment-status']).toBe('SUCCESSFUL');
  expectNoLeaks(result, secrets);
  return uri;
}

describe('ECS Express: push to ECR, then deploy the pushed digest', () => {
  it('pushes an OCI layout into a repository it creates, and creates the service on <repositoryUri>@<digest>', async () => {
    const layout = await newLayout('layout-create');
    const result = await harness.run({
      ...createInputs(harness.emulator, 'express-web', `oci:${layout}`),
      'ecr-repository': 'express-web',
    });

    // No image-tags: the commit SHA is the tag.
    const uri = expectDeployedDigest(result, SHA);
    expect(mutatingOperations(harness.emulator.calls())).toEqual(['CreateRepository', 'CreateExpressGatewayService']);
    const create = harness.emulator.calls().find((call) => call.operation === 'CreateExpressGatewayService');
    expect(create?.input).toMatchObject({ primaryContainer: { image: uri } });
    expect(result.summary).toContain(uri);
  });

  it('pushes an OCI layout and updates an ACTIVE service to the new digest', async () => {
    const { emulator } = harness;
    emulator.seedRepository('express-web');
    emulator.seedExpressService({
      name: 'express-web',
      config: {
        infrastructureRoleArn: infrastructureRole(emulator),
        executionRoleArn: executionRole(emulator),
        primaryContainer: { image: `${repositoryUri()}:previous-but-gone`, containerPort: 8080 },
      },
    });
    const layout = await newLayout('layout-update');
    const result = await harness.run({
      service: 'express-web',
      image: `oci:${layout}`,
      'ecr-repository': 'express-web',
      'image-tags': 'express-update-run',
    });

    expectDeployedDigest(result, 'express-update-run');
    expect(mutatingOperations(emulator.calls())).toEqual(['UpdateExpressGatewayService']);
  });
});
