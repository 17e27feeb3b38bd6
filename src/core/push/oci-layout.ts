/**
 * Turns an OCI image layout (a directory, or the same inside an oci-archive) into a push plan. Every file the image
 * needs is checked (present, right size) before anything is uploaded; manifests are also checked against their digest.
 */
import { readWhole, type SourceStore } from './blob-store.js';
import {
  addBlob,
  blobPath,
  isIndexMediaType,
  MEDIA_TYPES,
  sha256,
  type Descriptor,
  type ManifestToPush,
  type PushPlan,
} from './plan.js';

const REF_ANNOTATION = 'org.opencontainers.image.ref.name';

interface ManifestDocument {
  mediaType?: string;
  manifests?: Descriptor[];
  config?: Descriptor;
  layers?: Descriptor[];
}

function parseJson<T>(bytes: Buffer, label: string): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new Error(`${label} is not valid JSON.`);
  }
  // A damaged file can hold valid JSON of the wrong shape: it must fail here, not as a TypeError further on.
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${label} is not a JSON object.`);
  }
  return parsed as T;
}

function pickManifest(index: ManifestDocument, store: SourceStore, reference?: string): Descriptor {
  const manifests = index.manifests ?? [];
  const refs = manifests.map((m) => m.annotations?.[REF_ANNOTATION]).filter((r): r is string => r !== undefined);
  const known = refs.length > 0 ? `refs in it: ${refs.join(', ')}` : 'it names no refs';
  if (reference !== undefined) {
    const found = manifests.find((m) => m.annotations?.[REF_ANNOTATION] === reference);
    if (!found) throw new Error(`OCI layout ${store.label} has no image with ref "${reference}" (${known}).`);
    return found;
  }
  if (manifests.length === 1) return manifests[0];
  if (manifests.length === 0) throw new Error(`OCI layout ${store.label} holds no image (index.json lists none).`);
  throw new Error(`OCI layout ${store.label} holds ${manifests.length} images: add :ref to the source (${known}).`);
}

function locate(store: SourceStore, descriptor: Descriptor, what: string) {
  if (typeof descriptor?.digest !== 'string' || typeof descriptor.size !== 'number') {
    throw new Error(`${what} descriptor in ${store.label} has no digest or size; nothing was pushed.`);
  }
  const name = blobPath(descriptor.digest);
  const algorithm = descriptor.digest.slice(0, descriptor.digest.indexOf(':'));
  if (algorithm !== 'sha256') {
    // ECR names layers and manifests by sha256 only: refuse here rather than after half the blobs went up.
    throw new Error(
      `${what} ${descriptor.digest.slice(0, 19)}… in ${store.label} has a ${algorithm} digest, but ECR takes sha256 ` +
        'digests only; nothing was pushed. Copy the image to a layout with sha256 digests (the default of docker, ' +
        'buildah and skopeo).',
    );
  }
  const file = store.find(name);
  if (!file) {
    throw new Error(
      `${what} ${descriptor.digest} is missing from ${store.label} (no file ${name}); nothing was pushed.`,
    );
  }
  if (file.size !== descriptor.size) {
    throw new Error(
      `${what} ${file.label} is ${file.size} bytes but its descriptor says ${descriptor.size}; nothing was pushed.`,
    );
  }
  return file;
}

async function walk(store: SourceStore, descriptor: Descriptor, plan: PushPlan): Promise<void> {
  if (plan.manifests.some((m) => m.digest === descriptor.digest)) return;
  const file = locate(store, descriptor, 'Manifest');
  const bytes = await readWhole(file);
  if (sha256(bytes) !== descriptor.digest) {
    throw new Error(`Manifest ${file.label} does not match its digest ${descriptor.digest}.`);
  }
  const document = parseJson<ManifestDocument>(bytes, file.label);
  // The document's own mediaType wins: the registry parses the body by Content-Type and refuses a mismatch, and a
  // descriptor (often hand-written in index.json) is the likelier of the two to be wrong.
  const mediaType = document.mediaType ?? descriptor.mediaType ?? inferMediaType(document);
  if (isIndexMediaType(mediaType) || Array.isArray(document.manifests)) {
    for (const child of document.manifests ?? []) await walk(store, child, plan);
  } else {
    if (!document.config || !Array.isArray(document.layers)) {
      throw new Error(`Manifest ${file.label} has no config or layers: not an image manifest.`);
    }
    addBlob(plan, { ...document.config, file: locate(store, document.config, 'Config'), role: 'config' });
    for (const layer of document.layers) {
      // Non-distributable layers live elsewhere (their `urls`); the registry must not get them.
      if (layer.urls?.length) continue;
      addBlob(plan, { ...layer, file: locate(store, layer, 'Layer'), role: 'layer' });
    }
  }
  const manifest: ManifestToPush = { digest: descriptor.digest, mediaType, bytes };
  plan.manifests.push(manifest);
}

function inferMediaType(document: ManifestDocument): string {
  return Array.isArray(document.manifests) ? MEDIA_TYPES.ociIndex : MEDIA_TYPES.ociManifest;
}

export async function planFromLayout(store: SourceStore, reference?: string): Promise<PushPlan> {
  const indexFile = store.find('index.json');
  if (!indexFile) throw new Error(`${store.label} is not an OCI image layout: it has no index.json.`);
  const index = parseJson<ManifestDocument>(await readWhole(indexFile), indexFile.label);
  const plan: PushPlan = { blobs: [], manifests: [] };
  await walk(store, pickManifest(index, store, reference), plan);
  return plan;
}
