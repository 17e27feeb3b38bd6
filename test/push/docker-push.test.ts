import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ECRClient, DescribeRepositoriesCommand, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr';
import { mockClient } from 'aws-sdk-client-mock';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistry, type TestRegistry } from '../../tools/registry/launch.ts';
import { mockWorkflow } from './support/workflow-mock.ts';
import { captureOutput } from './support/output-capture.ts';
import { buildScratchImage, startPodman, type Podman } from './support/podman.ts';
import { inspectImage } from './support/skopeo.ts';
import { pushConfig as parsedPushConfig } from './support/push-config.ts';

const log = mockWorkflow();
const { pushImage } = await import('../../src/core/push/index.ts');
const { digestFromPushOutput } = await import('../../src/core/push/docker-push.ts');

let registry: TestRegistry;
let podman: Podman;
let work: string;

beforeAll(async () => {
  registry = await startRegistry();
  podman = await startPodman(registry.host);
  work = mkdtempSync(join(tmpdir(), 'docker-push-test-'));
});

afterAll(async () => {
  await podman?.stop();
  await registry?.stop();
  rmSync(work, { recursive: true, force: true });
});

function ecrFor(registryHost: string, password: string) {
  const ecr = mockClient(ECRClient);
  ecr.on(DescribeRepositoriesCommand).resolves({ repositories: [{ repositoryUri: `${registryHost}/web` }] });
  ecr.on(GetAuthorizationTokenCommand).resolves({
    authorizationData: [
      {
        authorizationToken: Buffer.from(`AWS:${password}`).toString('base64'),
        proxyEndpoint: `http://${registryHost}`,
      },
    ],
  });
  return ecr;
}

const pushConfig = (source: string, tags: [string, ...string[]]) =>
  parsedPushConfig({ source, repository: 'web', tags, createRepository: false, concurrency: 4 });

describe('docker path against a real daemon (podman) and registry', () => {
  it('logs in with --password-stdin to a temporary config, tags and pushes every tag', async () => {
    buildScratchImage(podman, 'web:build', `content ${Date.now()}`);
    const userConfig = join(work, 'user-docker');
    mkdirSync(userConfig);
    const before = JSON.stringify({ auths: { 'other.example': { auth: 'dXNlcjpwYXNz' } } });
    writeFileSync(join(userConfig, 'config.json'), before);
    const ecr = ecrFor(registry.host, registry.password);
    const output = captureOutput();
    const result = await pushImage(pushConfig('docker-daemon:web:build', ['one', 'two']), {
      ecr: ecr as unknown as ECRClient,
      env: { ...podman.env, DOCKER_CONFIG: userConfig },
    }).finally(() => output.restore());
    expect(result.imageUri).toBe(`${registry.host}/web@${result.digest}`);
    expect(result.tags).toEqual(['one', 'two']);
    const inspected = inspectImage(registry, 'web:one');
    expect(inspected.Digest).toBe(result.digest);
    expect(inspected.RepoTags.sort()).toEqual(['one', 'two']);
    expect(readFileSync(join(userConfig, 'config.json'), 'utf8')).toBe(before);
    expect(log.secrets).toContain(registry.password);
    // The real CLI's output, as exec echoed it: login went through, and neither form of the password is in it.
    const printed = output.text();
    expect(printed).toContain('Login Succeeded');
    expect(printed).toContain(`[command]`);
    expect(printed).not.toContain(registry.password);
    expect(printed).not.toContain(Buffer.from(`AWS:${registry.password}`).toString('base64'));
    ecr.restore();
  });
});

describe('docker path with a recording docker stand-in', () => {
  function fakeDocker(pushOutput: string, pushExit = 0): { env: NodeJS.ProcessEnv; record: string } {
    const dir = mkdtempSync(join(work, 'fake-'));
    const record = join(dir, 'record');
    // Records each call's arguments, the config dir it was given and what came on stdin for login.
    writeFileSync(
      join(dir, 'docker'),
      [
        '#!/bin/sh',
        `echo "ARGS $*" >> ${record}`,
        `echo "CONFIG $DOCKER_CONFIG" >> ${record}`,
        `if [ "$1" = login ]; then printf 'STDIN %s\\n' "$(cat)" >> ${record}; fi`,
        `if [ "$1" = push ]; then printf '%s\\n' '${pushOutput}'; exit ${pushExit}; fi`,
        'exit 0',
      ].join('\n'),
    );
    chmodSync(join(dir, 'docker'), 0o755);
    return { env: { ...process.env, PATH: `${dir}:${process.env.PATH}` }, record };
  }

  it('never puts the password in arguments and removes the temporary DOCKER_CONFIG', async () => {
    const digest = `sha256:${'ab'.repeat(32)}`;
    const { env, record } = fakeDocker(`v1: digest: ${digest} size: 528`);
    const password = 'pw-with-$pecial chars';
    const ecr = ecrFor('123456789012.dkr.ecr.eu-west-1.amazonaws.com', password);
    const result = await pushImage(pushConfig('app:local', ['v1']), { ecr: ecr as unknown as ECRClient, env });
    expect(result.digest).toBe(digest);
    const lines = readFileSync(record, 'utf8').trim().split('\n');
    const registryHost = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
    expect(lines.filter((l) => l.startsWith('ARGS'))).toEqual([
      `ARGS login --username AWS --password-stdin ${registryHost}`,
      `ARGS tag app:local ${registryHost}/web:v1`,
      `ARGS push ${registryHost}/web:v1`,
    ]);
    expect(lines).toContain(`STDIN ${password}`);
    expect(lines.filter((l) => l.startsWith('ARGS')).some((l) => l.includes(password))).toBe(false);
    const configs = new Set(lines.filter((l) => l.startsWith('CONFIG')));
    expect(configs.size).toBe(1);
    const configDir = [...configs][0].slice('CONFIG '.length);
    expect(configDir).not.toBe('');
    expect(existsSync(configDir)).toBe(false);
    ecr.restore();
  });

  it('fails with the tail of docker output when a push fails', async () => {
    const { env } = fakeDocker('denied: requested access to the resource is denied', 1);
    const ecr = ecrFor('123456789012.dkr.ecr.eu-west-1.amazonaws.com', 'pw');
    await expect(pushImage(pushConfig('app:local', ['v1']), { ecr: ecr as unknown as ECRClient, env })).rejects.toThrow(
      /docker push failed with exit code 1:\ndenied: requested access/,
    );
    ecr.restore();
  });

  it('reads the digest from docker push output', () => {
    const digest = `sha256:${'0f'.repeat(32)}`;
    expect(digestFromPushOutput(`abc: Pushed\nlatest: digest: ${digest} size: 1234\n`)).toBe(digest);
    expect(digestFromPushOutput('no digest here')).toBeUndefined();
  });
});
