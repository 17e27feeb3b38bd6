import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip, gzipSync } from 'node:zlib';
import { startRegistry, type TestRegistry } from '../../tools/registry/launch.ts';
import { mockWorkflow } from './support/workflow-mock.ts';
import { writeOciImage, type BuiltImage } from './support/oci-image.ts';
import { copyLocal, inspect, inspectImage } from './support/skopeo.ts';

mockWorkflow();
const { pushDaemonless } = await import('../../src/core/push/daemonless.ts');
const { indexTar } = await import('../../src/core/push/tar-index.ts');
const { archiveStore, readWhole } = await import('../../src/core/push/blob-store.ts');
const { planFromDockerArchive } = await import('../../src/core/push/docker-archive.ts');
type Options = Parameters<typeof pushDaemonless>[0];

let registry: TestRegistry;
let work: string;
let image: BuiltImage;
let layout: string;

beforeAll(async () => {
  registry = await startRegistry();
  work = mkdtempSync(join(tmpdir(), 'push-archive-test-'));
  layout = join(work, 'layout');
  image = await writeOciImage(layout, { layers: [90 * 1024, 3000, 17], ref: 'app' });
});

afterAll(async () => {
  await registry?.stop();
  rmSync(work, { recursive: true, force: true });
});

function options(source: Options['source'], repository: string): Options {
  return {
    source,
    repository,
    tags: ['latest'],
    credentials: {
      endpoint: registry.endpoint,
      registry: registry.host,
      username: registry.username,
      password: registry.password,
    },
    concurrency: 2,
  };
}

function sha256(data: Buffer): string {
  return `sha256:${execFileSync('sha256sum', { input: data }).toString().split(' ')[0]}`;
}

describe('oci-archive', () => {
  it('pushes the image of an archive made by skopeo without extracting it', async () => {
    const archive = join(work, 'image.oci.tar');
    copyLocal(`oci:${layout}:app`, `oci-archive:${archive}:stable`);
    const result = await pushDaemonless(
      options({ kind: 'oci-archive', path: archive, reference: 'stable' }, 'ociarchive'),
    );
    const inspected = inspectImage(registry, 'ociarchive:latest');
    // skopeo compressed the layers on the way into the archive: compare with what the archive itself holds.
    const local = JSON.parse(execFileSync('skopeo', ['inspect', `oci-archive:${archive}:stable`]).toString()) as {
      Digest: string;
      Layers: string[];
    };
    expect(local.Layers).toHaveLength(image.layers.length);
    expect(inspected.Digest).toBe(local.Digest);
    expect(result.digest).toBe(local.Digest);
    expect(inspected.Layers).toEqual(local.Layers);
    expect(sha256(Buffer.from(inspect(registry, 'ociarchive:latest', ['--raw'])))).toBe(result.digest);
  });

  it('names the refs an archive has when the asked one is absent', async () => {
    const archive = join(work, 'image.oci.tar');
    await expect(
      pushDaemonless(options({ kind: 'oci-archive', path: archive, reference: 'nope' }, 'ociarchive')),
    ).rejects.toThrow(`OCI layout ${archive} has no image with ref "nope" (refs in it: stable)`);
  });
});

describe('docker-archive', () => {
  it('converts a docker save archive to a Docker v2 schema 2 image with gzipped layers', async () => {
    const archive = join(work, 'image.docker.tar');
    copyLocal(`oci:${layout}:app`, `docker-archive:${archive}:example/app:1`);
    const result = await pushDaemonless(options({ kind: 'docker-archive', path: archive }, 'dockerarchive'));
    const raw = Buffer.from(inspect(registry, 'dockerarchive:latest', ['--raw']));
    expect(sha256(raw)).toBe(result.digest);
    const manifest = JSON.parse(raw.toString()) as { mediaType: string; layers: { mediaType: string }[] };
    expect(manifest.mediaType).toBe('application/vnd.docker.distribution.manifest.v2+json');
    expect(manifest.layers.map((l) => l.mediaType)).toEqual(
      Array(3).fill('application/vnd.docker.image.rootfs.diff.tar.gzip'),
    );
    // The uncompressed content is unchanged: the config's diff_ids are those of the original layers.
    const config = JSON.parse(inspect(registry, 'dockerarchive:latest', ['--config'])) as {
      rootfs: { diff_ids: string[] };
    };
    expect(config.rootfs.diff_ids).toEqual(image.diffIds);
    // And a real client can pull it back, decompressing every layer.
    execFileSync('skopeo', [
      'copy',
      '--quiet',
      '--src-tls-verify=false',
      '--src-creds',
      `${registry.username}:${registry.password}`,
      `docker://${registry.host}/dockerarchive:latest`,
      `dir:${join(work, 'pulled')}`,
    ]);
  });

  it('reads a gzip-compressed archive through a temporary decompressed copy', async () => {
    const archive = join(work, 'image.docker.tar');
    await pipeline(createReadStream(archive), createGzip(), createWriteStream(`${archive}.gz`));
    const result = await pushDaemonless(options({ kind: 'docker-archive', path: `${archive}.gz` }, 'gzipped'));
    expect(inspectImage(registry, 'gzipped:latest').Digest).toBe(result.digest);
  });

  it('uploads an already gzipped layer as it is', async () => {
    const dir = join(work, 'pregzipped');
    mkdirSync(dir);
    const tar = readFileSync(join(layout, 'blobs', 'sha256', image.layers[2].digest.slice(7)));
    const gzipped = gzipSync(tar);
    writeFileSync(join(dir, 'layer.tar.gz'), gzipped);
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({ rootfs: { type: 'layers', diff_ids: [image.diffIds[2]] } }),
    );
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify([{ Config: 'config.json', Layers: ['layer.tar.gz'] }]));
    execFileSync('tar', [
      '-cf',
      join(work, 'pregzipped.tar'),
      '-C',
      dir,
      'manifest.json',
      'config.json',
      'layer.tar.gz',
    ]);
    await pushDaemonless(options({ kind: 'docker-archive', path: join(work, 'pregzipped.tar') }, 'pregzipped'));
    expect(inspectImage(registry, 'pregzipped:latest').Layers).toEqual([sha256(gzipped)]);
  });

  it('fails clearly on a layer missing from the archive, before any upload', async () => {
    const dir = join(work, 'broken');
    mkdirSync(dir);
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ rootfs: { diff_ids: ['sha256:00'] } }));
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify([{ Config: 'config.json', Layers: ['gone/layer.tar'] }]));
    execFileSync('tar', ['-cf', join(work, 'broken.tar'), '-C', dir, 'manifest.json', 'config.json']);
    await expect(
      pushDaemonless(options({ kind: 'docker-archive', path: join(work, 'broken.tar') }, 'broken')),
    ).rejects.toThrow(`Layer gone/layer.tar listed in manifest.json is missing from ${join(work, 'broken.tar')}`);
  });
});

describe('docker-archive layer compression', () => {
  it('stops compressing the other layers when one fails, and settles only once they stopped writing', async () => {
    const dir = join(work, 'one-bad-layer');
    mkdirSync(dir);
    const big = randomBytes(32 * 1024 * 1024);
    writeFileSync(join(dir, 'big.tar'), big);
    writeFileSync(join(dir, 'small.tar'), Buffer.alloc(1024, 1));
    const diffIds = [`sha256:${createHash('sha256').update(big).digest('hex')}`, `sha256:${'0'.repeat(64)}`];
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ rootfs: { type: 'layers', diff_ids: diffIds } }));
    writeFileSync(
      join(dir, 'manifest.json'),
      JSON.stringify([{ Config: 'config.json', Layers: ['big.tar', 'small.tar'] }]),
    );
    const archive = join(work, 'one-bad-layer.tar');
    execFileSync('tar', ['-cf', archive, '-C', dir, 'manifest.json', 'config.json', 'big.tar', 'small.tar']);
    const store = await archiveStore(archive);
    const tempDir = mkdtempSync(join(work, 'gzip-'));
    const failure = await planFromDockerArchive(store, { tempDir, concurrency: 2 }).then(
      () => new Error('it succeeded'),
      (error: unknown) => error as Error,
    );
    expect(failure.message).toContain(`Layer ${archive}:small.tar has digest sha256:`);
    // Whatever the big layer's compression wrote so far stays as it is: nothing writes into the folder the caller
    // is about to delete.
    const sizes = () => readdirSync(tempDir).map((name) => `${name} ${statSync(join(tempDir, name)).size}`);
    const atRejection = sizes();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(sizes()).toEqual(atRejection);
    await store.close();
  });
});

describe('tar index', () => {
  it('locates files with long names (GNU and pax), links, and leaves the content in place', async () => {
    const dir = join(work, 'tree');
    const deep = join(dir, 'a'.repeat(90), 'b'.repeat(90));
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(deep, 'file.bin'), Buffer.alloc(1500, 7));
    writeFileSync(join(dir, 'small.txt'), 'hello');
    execFileSync('ln', ['-s', 'small.txt', join(dir, 'link.txt')]);
    const longName = `${'a'.repeat(90)}/${'b'.repeat(90)}/file.bin`;
    for (const format of ['gnu', 'pax']) {
      const archive = join(work, `tree-${format}.tar`);
      execFileSync('tar', [`--format=${format}`, '-cf', archive, '-C', dir, '.']);
      const entries = await indexTar(archive);
      const bytes = readFileSync(archive);
      const long = entries.get(longName);
      expect(long?.size).toBe(1500);
      expect(bytes.subarray(long!.offset, long!.offset + 1500).equals(Buffer.alloc(1500, 7))).toBe(true);
      expect(entries.get('link.txt')).toEqual(entries.get('small.txt'));
      const store = await archiveStore(archive);
      expect((await readWhole(store.find('./link.txt')!)).toString()).toBe('hello');
      await store.close();
    }
  });

  it('refuses a file that is not a tar archive', async () => {
    const bogus = join(work, 'bogus.tar');
    writeFileSync(bogus, Buffer.alloc(2048, 0x41));
    await expect(archiveStore(bogus)).rejects.toThrow(`Cannot read archive ${bogus}: ${bogus} is not a tar archive`);
    await expect(archiveStore(join(work, 'absent.tar'))).rejects.toThrow('file not found');
  });
});
