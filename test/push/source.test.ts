import { describe, expect, it } from '@jest/globals';
import { parseImageSource } from '../../src/core/inputs/image-source.ts';

describe('parseImageSource', () => {
  it.each([
    ['app:1.0', { kind: 'docker-daemon', reference: 'app:1.0' }],
    ['app', { kind: 'docker-daemon', reference: 'app' }],
    ['ghcr.io/org/app:v2', { kind: 'docker-daemon', reference: 'ghcr.io/org/app:v2' }],
    ['localhost:5000/app:dev', { kind: 'docker-daemon', reference: 'localhost:5000/app:dev' }],
    [`app@sha256:${'a'.repeat(64)}`, { kind: 'docker-daemon', reference: `app@sha256:${'a'.repeat(64)}` }],
    ['docker-daemon:my_app:latest', { kind: 'docker-daemon', reference: 'my_app:latest' }],
    ['oci:build/image', { kind: 'oci', path: 'build/image' }],
    ['oci:/tmp/layout:v1.2', { kind: 'oci', path: '/tmp/layout', reference: 'v1.2' }],
    ['oci-archive:image.tar', { kind: 'oci-archive', path: 'image.tar' }],
    ['oci-archive:out/image.tar:latest', { kind: 'oci-archive', path: 'out/image.tar', reference: 'latest' }],
    ['docker-archive:saved.tar', { kind: 'docker-archive', path: 'saved.tar' }],
    ['  oci:dir  ', { kind: 'oci', path: 'dir' }],
  ])('classifies %s', (source, expected) => {
    expect(parseImageSource(source)).toEqual(expected);
  });

  it.each([
    ['', 'it is empty'],
    ['App:1', 'not a docker image reference'],
    ['app:', 'not a docker image reference'],
    ['docker-daemon:', 'not a docker image reference'],
    ['oci:', 'the path is empty'],
    ['oci::ref', 'the path is empty'],
    ['oci-archive:x.tar:bad ref', 'not a valid ref'],
    ['docker-archive:', 'the file is empty'],
    ['docker://registry/app:1', 'transport "docker:" is not supported'],
    ['dir:/tmp/image', 'transport "dir:" is not supported'],
    ['containers-storage:app', 'transport "containers-storage:" is not supported'],
  ])('rejects %p naming what is allowed', (source, why) => {
    expect(() => parseImageSource(source)).toThrow(why);
    expect(() => parseImageSource(source)).toThrow(
      'allowed: `name:tag` or `docker-daemon:name:tag` (docker daemon), `oci:DIR[:ref]`, `oci-archive:FILE[:ref]`, `docker-archive:FILE`',
    );
  });
});
