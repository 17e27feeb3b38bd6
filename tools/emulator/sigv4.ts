/**
 * SigV4 verification of every AWS request: the credential scope must name the emulator's region and the operation's
 * signing service, and the signature is recomputed with @smithy/signature-v4 against the fixed test credentials.
 */
import { createHash, createHmac, timingSafeEqual, type Hash, type Hmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import { AwsError } from './errors.ts';

/** Fixed credentials the emulator accepts; not secret (they only open this local emulator). */
export const TEST_CREDENTIALS = {
  accessKeyId: 'AKIAEMULATORTEST0001',
  secretAccessKey: 'emulatorTestSecretKey/NotARealSecret0000001',
} as const;

const MAX_SKEW_MS = 15 * 60 * 1000;

type SourceData = string | ArrayBuffer | ArrayBufferView;

const bytes = (data: SourceData): Buffer =>
  typeof data === 'string'
    ? Buffer.from(data, 'utf8')
    : ArrayBuffer.isView(data)
      ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
      : Buffer.from(data);

/** SHA-256 / HMAC-SHA-256 on node:crypto, in the shape the signer expects (no @aws-crypto package is installed). */
export class NodeSha256 {
  private readonly secret: Buffer | undefined;
  private hash: Hash | Hmac;

  constructor(secret?: SourceData) {
    this.secret = secret === undefined ? undefined : bytes(secret);
    this.hash = this.fresh();
  }

  private fresh(): Hash | Hmac {
    return this.secret ? createHmac('sha256', this.secret) : createHash('sha256');
  }

  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }

  reset(): void {
    this.hash = this.fresh();
  }
}

export interface SignedRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const refuse = (type: string, message: string): AwsError => new AwsError({ type, message, status: 403 });

interface ParsedAuthorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  terminator: string;
  signedHeaders: string[];
  signature: string;
}

function parseAuthorization(header: string): ParsedAuthorization {
  const match = /^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/.exec(
    header.trim(),
  );
  if (!match) {
    throw refuse(
      'IncompleteSignatureException',
      "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.",
    );
  }
  const [accessKeyId, date, region, service, terminator] = match[1].split('/');
  if (terminator === undefined) throw refuse('IncompleteSignatureException', 'Credential scope is incomplete.');
  return { accessKeyId, date, region, service, terminator, signedHeaders: match[2].split(';'), signature: match[3] };
}

/** 20240102T030405Z → Date */
function parseAmzDate(value: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s));
}

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
};

function checkScope(auth: ParsedAuthorization, init: { amzDate: string; region: string; service: string }): void {
  if (auth.accessKeyId !== TEST_CREDENTIALS.accessKeyId) {
    throw refuse('UnrecognizedClientException', 'The security token included in the request is invalid.');
  }
  if (auth.date !== init.amzDate.slice(0, 8)) {
    throw refuse(
      'InvalidSignatureException',
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.date}' != '${init.amzDate.slice(0, 8)}', from '${init.amzDate}'.`,
    );
  }
  if (auth.region !== init.region) {
    throw refuse('InvalidSignatureException', `Credential should be scoped to a valid region, not '${auth.region}'. `);
  }
  if (auth.service !== init.service) {
    throw refuse('InvalidSignatureException', `Credential should be scoped to correct service: '${init.service}'. `);
  }
  if (auth.terminator !== 'aws4_request') {
    throw refuse(
      'InvalidSignatureException',
      `Credential should be scoped with a valid terminator: 'aws4_request', not '${auth.terminator}'. `,
    );
  }
  if (!auth.signedHeaders.includes('host')) {
    throw refuse(
      'InvalidSignatureException',
      "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    );
  }
}

export async function verifySignature(
  request: SignedRequest,
  expected: { region: string; service: string },
): Promise<void> {
  const authorization = header(request.headers, 'authorization');
  if (!authorization) throw refuse('MissingAuthenticationTokenException', 'Missing Authentication Token');
  const auth = parseAuthorization(authorization);
  const amzDate = header(request.headers, 'x-amz-date');
  const signingDate = amzDate === undefined ? undefined : parseAmzDate(amzDate);
  if (amzDate === undefined || signingDate === undefined) {
    throw refuse(
      'IncompleteSignatureException',
      "Authorization header requires existence of a valid 'X-Amz-Date' header.",
    );
  }
  checkScope(auth, { amzDate, ...expected });
  const skew = signingDate.getTime() - Date.now();
  if (Math.abs(skew) > MAX_SKEW_MS) {
    throw refuse(
      'InvalidSignatureException',
      `Signature ${skew < 0 ? 'expired' : 'not yet current'}: ${amzDate} is out of the 15 minute window.`,
    );
  }
  const contentHash = header(request.headers, 'x-amz-content-sha256');
  if (contentHash !== undefined && contentHash !== createHash('sha256').update(request.body).digest('hex')) {
    throw refuse(
      'InvalidSignatureException',
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
    );
  }
  const url = new URL(request.url, 'http://emulator.invalid');
  const signed: Record<string, string> = {};
  for (const name of auth.signedHeaders) signed[name] = header(request.headers, name) ?? '';
  const signer = new SignatureV4({
    credentials: TEST_CREDENTIALS,
    region: expected.region,
    service: expected.service,
    sha256: NodeSha256,
    applyChecksum: false,
  });
  const resigned = await signer.sign(
    {
      method: request.method,
      protocol: 'http:',
      hostname: (signed.host ?? '').split(':')[0],
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: signed,
      body: request.body.length > 0 ? request.body : undefined,
    },
    { signingDate, signableHeaders: new Set(auth.signedHeaders) },
  );
  const recomputed = /Signature=([0-9a-f]{64})/.exec(String(resigned.headers.authorization))?.[1] ?? '';
  if (!timingSafeEqual(Buffer.from(recomputed.padEnd(64, '0')), Buffer.from(auth.signature))) {
    throw refuse(
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
  }
}
