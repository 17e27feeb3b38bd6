import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  CreateRepositoryCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
  RepositoryNotFoundException,
} from '@aws-sdk/client-ecr';
import { mockClient } from 'aws-sdk-client-mock';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistry, type TestRegistry } from '../../tools/registry/launch.ts';
import { mockWorkflow } from './support/workflow-mock.ts';
import { captureOutput } from './support/output-capture.ts';
import { writeOciImage } from './support/oci-image.ts';
import { inspectImage } from './support/skopeo.ts';
import { pushConfig } from './support/push-config.ts';

const log = mockWorkflow();
const { pushImage } = await import('../../src/core/push/index.ts');
const { parseAppRunnerInputs } = await import('../../src/targets/apprunner/inputs.ts');

let registry: TestRegistry;
let work: string;

beforeAll(async () => {
  registry = await startRegistry();
  work = mkdtempSync(join(tmpdir(), 'push-image-test-'));
});

afterAll(async () => {
  await registry?.stop();
  rmSync(work, { recursive: true, force: true });
});

/** The password as it could leak: itself, in a Basic header, and as the ECR authorization token. */
function credentialForms(password: string): string[] {
  return [password, Buffer.from(`AWS:${password}`).toString('base64')];
}

/** A docker CLI stand-in that prints what the real one does: it reads the password on stdin and says nothing of it. */
function dockerStandIn(): string {
  const dir = mkdtempSync(join(work, 'docker-'));
  writeFileSync(
    join(dir, 'docker'),
    [
      '#!/bin/sh',
      'case "$1" in',
      '  login) cat > /dev/null; echo "WARNING! Your credentials are stored unencrypted."; echo "Login Succeeded" ;;',
      '  push) echo "The push refers to repository [$2]"; echo "v1: digest: sha256:' +
        'cd'.repeat(32) +
        ' size: 528" ;;',
      'esac',
    ].join('\n'),
  );
  chmodSync(join(dir, 'docker'), 0o755);
  return dir;
}

describe('pushImage', () => {
  it('creates the repository, pushes daemonless and returns the digest App Runner deploys', async () => {
    const dir = join(work, 'layout');
    const image = await writeOciImage(dir, { layers: [4096, 100] });
    const ecr = mockClient(ECRClient);
    ecr.on(DescribeRepositoriesCommand).rejects(new RepositoryNotFoundException({ message: 'missing', $metadata: {} }));
    ecr.on(CreateRepositoryCommand).resolves({ repository: { repositoryUri: `${registry.host}/api` } });
    ecr.on(GetAuthorizationTokenCommand).resolves({
      authorizationData: [
        {
          authorizationToken: Buffer.from(`AWS:${registry.password}`).toString('base64'),
          proxyEndpoint: registry.endpoint,
        },
      ],
    });
    const output = captureOutput();
    const result = await pushImage(
      pushConfig({
        source: `oci:${dir}`,
        repository: 'api',
        tags: ['abc123', 'latest'],
        createRepository: true,
        concurrency: 4,
      }),
      { ecr: ecr as unknown as ECRClient },
    ).finally(() => output.restore());
    expect(result).toEqual({
      repositoryUri: `${registry.host}/api`,
      registry: registry.host,
      digest: image.manifest.digest,
      imageUri: `${registry.host}/api@${image.manifest.digest}`,
      tags: ['abc123', 'latest'],
    });
    expect(inspectImage(registry, 'api:abc123').Digest).toBe(image.manifest.digest);
    expect(log.secrets).toContain(registry.password);
    const printed = `${log.lines.join('\n')}\n${output.text()}`;
    expect(printed).toContain(`Pushing oci:${dir} to ${registry.host}/api`);
    for (const secret of credentialForms(registry.password)) expect(printed).not.toContain(secret);
    ecr.restore();
  });

  it('prints no credential on the docker CLI path either, where exec echoes commands and their output', async () => {
    const password = `pw-${Date.now()}-secret`;
    const ecr = mockClient(ECRClient);
    const registryHost = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
    ecr.on(DescribeRepositoriesCommand).resolves({ repositories: [{ repositoryUri: `${registryHost}/web` }] });
    ecr.on(GetAuthorizationTokenCommand).resolves({
      authorizationData: [
        {
          authorizationToken: Buffer.from(`AWS:${password}`).toString('base64'),
          proxyEndpoint: `https://${registryHost}`,
        },
      ],
    });
    const output = captureOutput();
    const result = await pushImage(
      pushConfig({
        source: 'docker-daemon:web:local',
        repository: 'web',
        tags: ['v1'],
        createRepository: false,
        concurrency: 4,
      }),
      { ecr: ecr as unknown as ECRClient, env: { ...process.env, PATH: `${dockerStandIn()}:${process.env.PATH}` } },
    ).finally(() => output.restore());
    expect(result.digest).toBe(`sha256:${'cd'.repeat(32)}`);
    const printed = `${log.lines.join('\n')}\n${output.text()}`;
    // What exec echoed is in the capture: the command lines and what the CLI printed.
    expect(printed).toMatch(/\[command\]\S*docker login --username AWS --password-stdin 123456789012\.dkr/);
    expect(printed).toContain('Login Succeeded');
    expect(printed).toContain(`v1: digest: sha256:${'cd'.repeat(32)}`);
    for (const secret of credentialForms(password)) expect(printed).not.toContain(secret);
    ecr.restore();
  });

  it('validates the source before any AWS call: the inputs layer refuses it, and pushImage only takes it parsed', async () => {
    const ecr = mockClient(ECRClient);
    const inputs: Record<string, string> = {
      service: 'web-app',
      region: 'eu-west-1',
      'ecr-repository': 'api',
      image: 'dir:/tmp/x',
    };
    expect(() => parseAppRunnerInputs((name) => inputs[name] ?? '', { GITHUB_SHA: 'abc' })).toThrow(
      'transport "dir:" is not supported',
    );
    expect(ecr.calls()).toHaveLength(0);
    inputs.image = 'oci:x';
    expect(parseAppRunnerInputs((name) => inputs[name] ?? '', { GITHUB_SHA: 'abc' }).push?.source.kind).toBe('oci');
    ecr.restore();
  });
});
