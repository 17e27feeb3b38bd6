/**
 * Benchmark of the daemonless push against `skopeo copy`, same images, same local registry, interleaved.
 * Run: sh tools/node24.sh bench/push.bench.ts [--quick]
 * Writes a markdown table to stdout and bench/results/push.md. Our push runs in a child process so that its own
 * peak RSS is measured; both sides are timed as whole processes.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { startRegistry, type TestRegistry } from '../tools/registry/launch.ts';
import { startFaultProxy } from '../test/push/support/fault-proxy.ts';
import { writeOciImage } from '../test/push/support/oci-image.ts';

const MB = 1024 * 1024;
const here = dirname(fileURLToPath(import.meta.url));
const RESULT_MARK = 'BENCH-RESULT ';

interface ChildJob {
  /** Folder with the push module compiled to JavaScript. */
  build: string;
  layout: string;
  endpoint: string;
  username: string;
  password: string;
  repository: string;
}

interface ChildResult {
  digest: string;
  pushSeconds: number;
  maxRssMb: number;
  requests: number;
  uploaded: number;
}

/**
 * Compiles src/push to plain JavaScript, as the action runs it from its ncc bundle. Running the TypeScript through
 * Node's type stripping would add its compiler (~25 MB) to the RSS we measure.
 */
function buildPushModule(work: string): string {
  const build = join(work, 'build');
  const source = join(here, '..', 'src', 'push');
  mkdirSync(join(build, 'push'), { recursive: true });
  symlinkSync(join(here, '..', 'node_modules'), join(build, 'node_modules'));
  for (const name of readdirSync(source).filter((n) => n.endsWith('.ts'))) {
    const { outputText } = ts.transpileModule(readFileSync(join(source, name), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    });
    writeFileSync(join(build, 'push', name.replace(/\.ts$/, '.js')), outputText);
  }
  writeFileSync(join(build, 'child.mjs'), CHILD_ENTRY);
  return build;
}

/**
 * The child entry: our push in a process of its own, plain JavaScript so that the RSS it reports is the push's own.
 */
const CHILD_ENTRY = `
import { pushDaemonless } from './push/daemonless.js';
const job = JSON.parse(process.argv[2]);
const started = performance.now();
const result = await pushDaemonless({
  source: { kind: 'oci', path: job.layout },
  repository: job.repository,
  tags: ['bench'],
  credentials: { endpoint: job.endpoint, registry: new URL(job.endpoint).host, username: job.username, password: job.password },
  concurrency: 4,
});
const report = {
  digest: result.digest,
  pushSeconds: (performance.now() - started) / 1000,
  maxRssMb: process.resourceUsage().maxRSS / 1024,
  requests: result.requests,
  uploaded: result.tally.counts.uploaded,
};
process.stdout.write('\\n${RESULT_MARK}' + JSON.stringify(report) + '\\n');
`;

function runOurs(job: ChildJob): Promise<{ wallSeconds: number; result: ChildResult }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [join(job.build, 'child.mjs'), JSON.stringify(job)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    proc.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    proc.once('error', reject);
    proc.once('exit', (code) => {
      const wallSeconds = (performance.now() - started) / 1000;
      const line = output.split('\n').find((l) => l.startsWith(RESULT_MARK));
      if (code !== 0 || !line) reject(new Error(`our push exited with ${code}:\n${output.slice(-2000)}`));
      else resolve({ wallSeconds, result: JSON.parse(line.slice(RESULT_MARK.length)) as ChildResult });
    });
  });
}

function skopeo(args: string[]) {
  // GNU time reports skopeo's own peak RSS, for comparison.
  const run = spawnSync('/usr/bin/time', ['-f', 'MAXRSS %M', 'skopeo', ...args], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`skopeo ${args[0]} failed: ${run.stderr.slice(-1000)}`);
  return { stdout: run.stdout, maxRssMb: Number(/MAXRSS (\d+)/.exec(run.stderr)?.[1]) / 1024 };
}

function runSkopeo(layout: string, registry: TestRegistry, repository: string) {
  const creds = `${registry.username}:${registry.password}`;
  const target = `docker://${registry.host}/${repository}:bench`;
  const started = performance.now();
  const { maxRssMb } = skopeo([
    'copy',
    '--quiet',
    '--dest-tls-verify=false',
    '--dest-creds',
    creds,
    `oci:${layout}`,
    target,
  ]);
  const wallSeconds = (performance.now() - started) / 1000;
  const inspected = JSON.parse(skopeo(['inspect', '--tls-verify=false', '--creds', creds, target]).stdout) as {
    Digest: string;
  };
  return { wallSeconds, digest: inspected.Digest, maxRssMb };
}

interface Row {
  image: string;
  ours: number;
  skopeo: number;
  rss: number;
  skopeoRss: number;
  sameDigest: boolean;
  repushRequests: number;
  repushUploads: number;
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const images = quick
    ? [
        { name: '3 × 8 MB', layers: [8 * MB, 8 * MB, 8 * MB] },
        { name: '1 × 128 MB', layers: [128 * MB] },
      ]
    : [
        { name: '3 × 64 MB', layers: [64 * MB, 64 * MB, 64 * MB] },
        { name: '1 × 1 GB', layers: [1024 * MB] },
      ];
  const work = mkdtempSync(join(tmpdir(), 'push-bench-'));
  const build = buildPushModule(work);
  const registry = await startRegistry({ lifetimeSeconds: 1800 });
  const proxy = await startFaultProxy(registry.port);
  const cleanup = () => rmSync(work, { recursive: true, force: true });
  process.once('SIGINT', () => {
    cleanup();
    void registry.stop().then(() => process.exit(130));
  });
  const rows: Row[] = [];
  try {
    for (const [index, image] of images.entries()) {
      const layout = join(work, `image-${index}`);
      process.stderr.write(`generating ${image.name}…\n`);
      await writeOciImage(layout, { layers: image.layers, gzip: true });
      const job = (repository: string, endpoint = registry.endpoint): ChildJob => ({
        build,
        layout,
        endpoint,
        username: registry.username,
        password: registry.password,
        repository,
      });
      // Interleaved: who goes first alternates between images, so disk-cache warmth favours neither side.
      let ours: Awaited<ReturnType<typeof runOurs>>;
      let skopeo: ReturnType<typeof runSkopeo>;
      if (index % 2 === 0) {
        ours = await runOurs(job(`ours-${index}`));
        skopeo = runSkopeo(layout, registry, `skopeo-${index}`);
      } else {
        skopeo = runSkopeo(layout, registry, `skopeo-${index}`);
        ours = await runOurs(job(`ours-${index}`));
      }
      proxy.reset();
      const repush = await runOurs(job(`ours-${index}`, proxy.endpoint));
      const uploads = proxy.count('upload-start') + proxy.count('upload-patch') + proxy.count('upload-put');
      rows.push({
        image: image.name,
        ours: ours.wallSeconds,
        skopeo: skopeo.wallSeconds,
        rss: ours.result.maxRssMb,
        skopeoRss: skopeo.maxRssMb,
        sameDigest: ours.result.digest === skopeo.digest && repush.result.digest === ours.result.digest,
        repushRequests: proxy.requests.length,
        repushUploads: uploads,
      });
      rmSync(layout, { recursive: true, force: true });
    }
  } finally {
    await proxy.stop();
    await registry.stop();
    cleanup();
  }
  const table = [
    `# Daemonless push vs skopeo copy${quick ? ' (--quick)' : ''}`,
    '',
    `Local docker-registry (distribution 2.8) on 127.0.0.1, OCI layouts with random gzip layers, one run each,`,
    `interleaved; wall time of the whole process on both sides. Node ${process.version}, ${new Date().toISOString()}.`,
    '',
    '| image | ours (s) | skopeo (s) | ratio ours/skopeo (target ≤ 1.0) | our peak RSS (MB, target ≤ 150) | skopeo peak RSS (MB) | same digest | re-push requests | re-push blob uploads (target 0) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.image} | ${r.ours.toFixed(2)} | ${r.skopeo.toFixed(2)} | ${(r.ours / r.skopeo).toFixed(2)} | ` +
        `${r.rss.toFixed(0)} | ${r.skopeoRss.toFixed(0)} | ${r.sameDigest ? 'yes' : 'NO'} | ${r.repushRequests} | ${r.repushUploads} |`,
    ),
    '',
  ].join('\n');
  process.stdout.write(table);
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', 'push.md'), table);
}

await main();
