import { IMAGE_TAG } from './patterns.js';

/**
 * Classifies the `image` input of a push. Only syntax is checked here (no file or daemon access) so the input parser
 * can reject a bad value before any AWS call; the push receives the parsed source.
 */

export type ImageSource =
  | { kind: 'docker-daemon'; reference: string }
  | { kind: 'oci'; path: string; reference?: string }
  | { kind: 'oci-archive'; path: string; reference?: string }
  | { kind: 'docker-archive'; path: string };

const ALLOWED =
  'allowed: `name:tag` or `docker-daemon:name:tag` (docker daemon), `oci:DIR[:ref]`, `oci-archive:FILE[:ref]`, ' +
  '`docker-archive:FILE`';

// Transports skopeo knows that we deliberately do not support: without this list `dir:/x` would read as name `dir`.
const UNSUPPORTED_TRANSPORTS = new Set(['docker', 'dir', 'containers-storage', 'ostree', 'sif', 'tarball']);

// Docker reference grammar (distribution/reference), simplified to what `docker tag` accepts.
const DOMAIN =
  '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?/)';
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOCKER_REFERENCE = new RegExp(
  `^${DOMAIN}?${COMPONENT}(?:/${COMPONENT})*(?::${IMAGE_TAG})?(?:@sha256:[a-f0-9]{64})?$`,
);
// OCI layout `org.opencontainers.image.ref.name` values.
const OCI_REF = /^[A-Za-z0-9._\-/+@:]+$/;

function invalid(source: string, why: string): Error {
  return new Error(`Invalid image source "${source}": ${why}; ${ALLOWED}.`);
}

function splitPathAndRef(source: string, rest: string): { path: string; reference?: string } {
  const colon = rest.indexOf(':');
  const path = colon < 0 ? rest : rest.slice(0, colon);
  const reference = colon < 0 ? undefined : rest.slice(colon + 1);
  if (path === '') throw invalid(source, 'the path is empty');
  if (reference !== undefined && !OCI_REF.test(reference)) throw invalid(source, `"${reference}" is not a valid ref`);
  return reference === undefined ? { path } : { path, reference };
}

function dockerReference(source: string, reference: string): ImageSource {
  if (!DOCKER_REFERENCE.test(reference)) {
    throw invalid(source, `"${reference}" is not a docker image reference (lower-case name, optional :tag)`);
  }
  return { kind: 'docker-daemon', reference };
}

export function parseImageSource(source: string): ImageSource {
  const trimmed = source.trim();
  if (trimmed === '') throw invalid(source, 'it is empty');
  const colon = trimmed.indexOf(':');
  const transport = colon < 0 ? '' : trimmed.slice(0, colon);
  const rest = colon < 0 ? '' : trimmed.slice(colon + 1);
  switch (transport) {
    case 'docker-daemon':
      return dockerReference(source, rest);
    case 'oci':
      return { kind: 'oci', ...splitPathAndRef(source, rest) };
    case 'oci-archive':
      return { kind: 'oci-archive', ...splitPathAndRef(source, rest) };
    case 'docker-archive':
      if (rest === '') throw invalid(source, 'the file is empty');
      return { kind: 'docker-archive', path: rest };
    default:
      if (UNSUPPORTED_TRANSPORTS.has(transport)) throw invalid(source, `transport "${transport}:" is not supported`);
      return dockerReference(source, trimmed);
  }
}
