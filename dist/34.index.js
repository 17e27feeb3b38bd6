export const id = 34;
export const ids = [34];
export const modules = {

/***/ 1294:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   H$: () => (/* binding */ secretExists),
/* harmony export */   ID: () => (/* binding */ parameterExists),
/* harmony export */   US: () => (/* binding */ imageExists),
/* harmony export */   c4: () => (/* binding */ isNotFound)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8249);
/* harmony import */ var _aws_sdk_client_secrets_manager__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2994);
/* harmony import */ var _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4736);



/** Existence checks for preflight. They read metadata only: never a secret's or a parameter's value. */
/** Every "no such thing" answer of the services the action reads. */
function isNotFound(error) {
    const name = error.name ?? '';
    return [
        'ResourceNotFoundException',
        'ImageNotFoundException',
        'RepositoryNotFoundException',
        'ParameterNotFound',
    ].includes(name);
}
async function secretExists(client, secretId) {
    try {
        const answer = await client.send(new _aws_sdk_client_secrets_manager__WEBPACK_IMPORTED_MODULE_0__.DescribeSecretCommand({ SecretId: secretId }));
        return answer.DeletedDate === undefined;
    }
    catch (error) {
        if (isNotFound(error))
            return false;
        throw error;
    }
}
async function parameterExists(client, name) {
    const answer = await client.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_1__.DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: [name] }] }));
    return (answer.Parameters ?? []).length > 0;
}
async function imageExists(client, image) {
    try {
        await client.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_2__.DescribeImagesCommand({
            registryId: image.registryId,
            repositoryName: image.repository,
            imageIds: [image.digest ? { imageDigest: image.digest } : { imageTag: image.tag }],
        }));
        return true;
    }
    catch (error) {
        if (isNotFound(error))
            return false;
        throw error;
    }
}


/***/ }),

/***/ 7034:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  imageForPlan: () => (/* binding */ imageForPlan),
  pushAndCheck: () => (/* binding */ pushAndCheck)
});

// EXTERNAL MODULE: ./src/core/lazy.ts
var lazy = __webpack_require__(8381);
// EXTERNAL MODULE: ./src/core/outcome.ts
var core_outcome = __webpack_require__(9411);
// EXTERNAL MODULE: ./src/core/workflow.ts
var workflow = __webpack_require__(5590);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecr/dist-cjs/index.js
var dist_cjs = __webpack_require__(8249);
// EXTERNAL MODULE: ./src/core/aws/lookups.ts
var lookups = __webpack_require__(1294);
;// CONCATENATED MODULE: ./src/core/push/ecr-repository.ts
/** The ECR API side of a push: make sure the repository exists and get registry credentials. */



/** ECR's rule: IMMUTABLE* settings hold for every tag but those an exclusion filter (a wildcard) matches. */
function immutability(repository) {
    const setting = repository.imageTagMutability ?? 'MUTABLE';
    const filters = (repository.imageTagMutabilityExclusionFilters ?? []).map((item) => new RegExp(`^${(item.filter ?? '').replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`));
    return (tag) => setting.startsWith('IMMUTABLE') !== filters.some((filter) => filter.test(tag));
}
/** The repository, or undefined when it does not exist. Read-only. */
async function findRepository(ecr, name) {
    try {
        const found = await ecr.send(new dist_cjs.DescribeRepositoriesCommand({ repositoryNames: [name] }));
        return found.repositories?.[0] ?? {};
    }
    catch (error) {
        if ((0,lookups/* isNotFound */.c4)(error))
            return undefined;
        throw error;
    }
}
async function ensureRepository(ecr, push) {
    const found = await findRepository(ecr, push.repository);
    if (found) {
        if (!found.repositoryUri)
            throw new Error(`ECR returned no repositoryUri for repository "${push.repository}".`);
        return { repositoryUri: found.repositoryUri, created: false, tagIsImmutable: immutability(found) };
    }
    if (!push.createRepository) {
        throw new Error(`ECR repository "${push.repository}" does not exist. Create it, or set \`create-repository: true\` to let the action create it.`);
    }
    const input = {
        repositoryName: push.repository,
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfiguration: push.kmsKeyArn
            ? { encryptionType: 'KMS', kmsKey: push.kmsKeyArn }
            : { encryptionType: 'AES256' },
    };
    if (push.tagMutability)
        input.imageTagMutability = push.tagMutability;
    if (push.tagMutabilityExclusions) {
        input.imageTagMutabilityExclusionFilters = push.tagMutabilityExclusions.map((filter) => ({
            filterType: 'WILDCARD',
            filter,
        }));
    }
    const created = await ecr.send(new dist_cjs.CreateRepositoryCommand(input));
    const uri = created.repository?.repositoryUri;
    if (!uri)
        throw new Error(`ECR returned no repositoryUri after creating repository "${push.repository}".`);
    workflow/* info */.pq(`Created ECR repository ${push.repository} (${uri}).`);
    return { repositoryUri: uri, created: true, tagIsImmutable: immutability(created.repository ?? input) };
}
async function getRegistryCredentials(ecr) {
    const answer = await ecr.send(new dist_cjs.GetAuthorizationTokenCommand({}));
    const data = answer.authorizationData?.[0];
    if (!data?.authorizationToken || !data.proxyEndpoint) {
        throw new Error('ECR GetAuthorizationToken returned no authorization data.');
    }
    const decoded = Buffer.from(data.authorizationToken, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0)
        throw new Error('ECR authorization token is not of the form user:password.');
    const password = decoded.slice(colon + 1);
    // Mask both forms before anything else can log them.
    workflow/* setSecret */.Pq(password);
    workflow/* setSecret */.Pq(data.authorizationToken);
    const endpoint = data.proxyEndpoint.includes('://') ? data.proxyEndpoint : `https://${data.proxyEndpoint}`;
    return {
        endpoint: endpoint.replace(/\/+$/, ''),
        registry: new URL(endpoint).host,
        username: decoded.slice(0, colon),
        password,
    };
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
;// CONCATENATED MODULE: ./src/core/push/tar-index.ts
/**
 * Reads where each file of a tar archive lies (offset and size) by walking its 512-byte headers, without reading the
 * file contents. Blobs are then streamed straight out of the archive: no extraction, memory bounded by one header.
 */


const BLOCK = 512;
/** Pax records and GNU long names are a few hundred bytes; more is a damaged or hostile archive, not a real one. */
const MAX_METADATA = 1024 * 1024;
function field(header, start, length) {
    const raw = header.subarray(start, start + length);
    const end = raw.indexOf(0);
    return raw.subarray(0, end < 0 ? length : end).toString('utf8');
}
/** A size field; NaN for anything that is not a size (negative, base-256 negative, not octal). */
function numberField(header, start, length) {
    // GNU base-256 for sizes of 8 GiB and more: high bit set, big-endian value in the remaining bytes. 0xff first is
    // the negative form, which no file has.
    if (header[start] & 0x80) {
        if (header[start] === 0xff)
            return NaN;
        let value = header[start] & 0x7f;
        for (let i = start + 1; i < start + length; i++)
            value = value * 256 + header[i];
        return value;
    }
    const text = field(header, start, length).trim();
    if (text === '')
        return 0;
    return /^[0-7]+$/.test(text) ? parseInt(text, 8) : NaN;
}
/**
 * The data size of the header at `position`, checked: a whole number, within the file, and small for metadata. A
 * negative size once sent the reader back to the same header forever; a huge one crashed Node in Buffer.alloc.
 */
function checkedSize(size, at) {
    const where = `${at.path}: the tar header at byte ${at.position}`;
    if (!Number.isSafeInteger(size) || size < 0)
        throw new Error(`${where} has an invalid size; the archive is damaged.`);
    if (at.position + BLOCK + size > at.fileSize) {
        throw new Error(`${where} says ${size} bytes, past the end of the file; the archive is truncated or damaged.`);
    }
    if (at.metadata && size > MAX_METADATA) {
        throw new Error(`${where} holds ${size} bytes of pax or long-name data (at most ${MAX_METADATA}); refused.`);
    }
    return size;
}
/** Records of a pax extended header: `<len> key=value\n`. */
function paxRecords(data) {
    const records = {};
    let position = 0;
    while (position < data.length) {
        const space = data.indexOf(0x20, position);
        if (space < 0)
            break;
        const length = parseInt(data.subarray(position, space).toString('utf8'), 10);
        if (!Number.isFinite(length) || length <= 0)
            break;
        const record = data.subarray(space + 1, position + length - 1).toString('utf8');
        const equals = record.indexOf('=');
        if (equals > 0)
            records[record.slice(0, equals)] = record.slice(equals + 1);
        position += length;
    }
    return records;
}
function normalizeEntryName(name) {
    return external_node_path_.posix
        .normalize(name)
        .replace(/^(\.\/|\/)+/, '')
        .replace(/\/$/, '');
}
function isZeroBlock(header) {
    return header.every((byte) => byte === 0);
}
async function indexTar(path) {
    const entries = new Map();
    const links = new Map();
    const handle = await (0,promises_.open)(path, 'r');
    try {
        const fileSize = (await handle.stat()).size;
        const header = Buffer.alloc(BLOCK);
        let position = 0;
        let longName;
        let pax = {};
        while (position + BLOCK <= fileSize) {
            await handle.read(header, 0, BLOCK, position);
            if (isZeroBlock(header))
                break;
            if (field(header, 257, 5) !== 'ustar' && !/^[0-7 \0]+$/.test(header.subarray(148, 156).toString('latin1'))) {
                throw new Error(`${path} is not a tar archive (bad header at byte ${position}).`);
            }
            const type = String.fromCharCode(header[156] || 0x30);
            const dataOffset = position + BLOCK;
            const paxSize = pax.size === undefined ? undefined : /^\d+$/.test(pax.size) ? Number(pax.size) : NaN;
            const size = checkedSize(paxSize ?? numberField(header, 124, 12), {
                path,
                position,
                fileSize,
                metadata: type === 'x' || type === 'g' || type === 'L' || type === 'K',
            });
            const readData = async () => {
                const data = Buffer.alloc(size);
                await handle.read(data, 0, size, dataOffset);
                return data;
            };
            if (type === 'x') {
                pax = paxRecords(await readData());
            }
            else if (type === 'L') {
                longName = (await readData()).toString('utf8').replace(/\0+$/, '');
            }
            else if (type !== 'g') {
                const prefix = field(header, 345, 155);
                const shortName = prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100);
                const name = normalizeEntryName(pax.path ?? longName ?? shortName);
                const linkName = pax.linkpath ?? field(header, 157, 100);
                if (type === '0' || type === '7')
                    entries.set(name, { offset: dataOffset, size });
                else if (type === '1')
                    links.set(name, normalizeEntryName(linkName));
                // Older `docker save` writes repeated layers as symlinks relative to the link's own folder.
                else if (type === '2')
                    links.set(name, normalizeEntryName(external_node_path_.posix.join(external_node_path_.posix.dirname(name), linkName)));
                pax = {};
                longName = undefined;
            }
            const next = dataOffset + Math.ceil(size / BLOCK) * BLOCK;
            // Sizes are checked above, so this cannot fail; it stays as the guarantee that the walk ends.
            if (next <= position)
                throw new Error(`${path}: the tar walk did not advance at byte ${position}.`);
            position = next;
        }
    }
    finally {
        await handle.close();
    }
    for (const [name, target] of links) {
        let resolved = target;
        for (let hops = 0; resolved !== undefined && !entries.has(resolved) && hops < 16; hops++) {
            resolved = links.get(resolved);
        }
        const entry = resolved === undefined ? undefined : entries.get(resolved);
        if (entry)
            entries.set(name, entry);
    }
    return entries;
}

;// CONCATENATED MODULE: ./src/core/push/blob-store.ts
/**
 * Files of an image source (an OCI layout directory or a tar archive) addressed by their relative names, read as
 * byte ranges of a file on disk so that any layer streams with bounded memory.
 */








const READ_CHUNK = 1024 * 1024;
/** Bytes [start, end) of a file range, streamed. */
function readRange(file, start = 0, end = file.size) {
    if (start >= end)
        return external_node_stream_.Readable.from([]);
    return (0,external_node_fs_.createReadStream)(file.path, {
        start: file.offset + start,
        end: file.offset + end - 1,
        highWaterMark: READ_CHUNK,
    });
}
async function readWhole(file, limit = 16 * 1024 * 1024) {
    if (file.size > limit)
        throw new Error(`${file.label} is ${file.size} bytes, too large for a metadata file.`);
    if (file.offset === 0)
        return (0,promises_.readFile)(file.path).then((data) => data.subarray(0, file.size));
    const handle = await (0,promises_.open)(file.path, 'r');
    try {
        const data = Buffer.alloc(file.size);
        await handle.read(data, 0, file.size, file.offset);
        return data;
    }
    finally {
        await handle.close();
    }
}
function directoryStore(dir) {
    return {
        label: dir,
        find(name) {
            const path = (0,external_node_path_.join)(dir, name);
            try {
                const stat = (0,external_node_fs_.statSync)(path);
                return stat.isFile() ? { path, offset: 0, size: stat.size, label: path } : undefined;
            }
            catch {
                return undefined;
            }
        },
        close: async () => undefined,
    };
}
async function isGzip(path) {
    const handle = await (0,promises_.open)(path, 'r');
    try {
        const magic = Buffer.alloc(2);
        const { bytesRead } = await handle.read(magic, 0, 2, 0);
        return bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
    }
    finally {
        await handle.close();
    }
}
/** A tar archive; a gzip-compressed one is first decompressed to a temporary file (streams, never in memory). */
async function archiveStore(archive, tempRoot = (0,external_node_os_.tmpdir)()) {
    let tarPath = archive;
    let tempDir;
    try {
        if (await isGzip(archive)) {
            tempDir = await (0,promises_.mkdtemp)((0,external_node_path_.join)(tempRoot, 'push-archive-'));
            tarPath = (0,external_node_path_.join)(tempDir, 'archive.tar');
            await (0,external_node_stream_promises_.pipeline)((0,external_node_fs_.createReadStream)(archive), (0,external_node_zlib_.createGunzip)(), (0,external_node_fs_.createWriteStream)(tarPath));
        }
        const entries = await indexTar(tarPath);
        const cleanup = tempDir;
        return {
            label: archive,
            find(name) {
                const entry = entries.get(normalizeEntryName(name));
                return entry && { path: tarPath, offset: entry.offset, size: entry.size, label: `${archive}:${name}` };
            },
            close: async () => {
                if (cleanup)
                    await (0,promises_.rm)(cleanup, { recursive: true, force: true });
            },
        };
    }
    catch (error) {
        if (tempDir)
            await (0,promises_.rm)(tempDir, { recursive: true, force: true });
        const reason = error.code === 'ENOENT' ? 'file not found' : error.message;
        throw new Error(`Cannot read archive ${archive}: ${reason}`);
    }
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
// EXTERNAL MODULE: external "node:tls"
var external_node_tls_ = __webpack_require__(1692);
// EXTERNAL MODULE: external "node:timers/promises"
var external_node_timers_promises_ = __webpack_require__(8500);
;// CONCATENATED MODULE: ./src/core/push/registry-errors.ts
/** Errors of registry requests, and which of them are worth another attempt. */

const RETRYABLE_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNREFUSED', 'ECONNABORTED', 'EAI_AGAIN']);
/** Codes of requests we stopped on purpose: retrying them would undo the stop. */
const STOPPED_CODES = new Set(['ABORT_ERR', 'ERR_CLIENT_CLOSED']);
class RegistryError extends Error {
    status;
    code;
    constructor(message, status, code) {
        super(message);
        this.name = 'RegistryError';
        this.status = status;
        this.code = code;
    }
}
/** Whether a failed request is worth another attempt: server errors, throttling, dropped or idle connections. */
function isRetryable(error) {
    if (error instanceof RegistryError)
        return error.status >= 500 || error.status === 429;
    const code = error?.code;
    if (code !== undefined && STOPPED_CODES.has(code))
        return false;
    if (error?.name === 'AbortError')
        return false;
    return (code !== undefined && RETRYABLE_CODES.has(code)) || /socket hang up|aborted/i.test(String(error));
}
/** A request stopped because the push it belongs to is failing anyway (another blob failed). */
function stoppedError() {
    return Object.assign(new Error('Request stopped: the push is failing.'), { name: 'AbortError', code: 'ABORT_ERR' });
}
function closedError(registry) {
    return Object.assign(new Error(`The client of registry ${registry} is closed.`), { code: 'ERR_CLIENT_CLOSED' });
}
/** No byte in either direction for too long: the connection is presumed dead, so the request may be retried. */
function idleTimeoutError(what, ms) {
    return Object.assign(new Error(`${what}: no data for ${ms / 1000} s.`), { code: 'ETIMEDOUT' });
}
/** Waits `ms`, or fails at once with a stop error when `signal` aborts. */
async function delay(ms, signal) {
    try {
        await (0,external_node_timers_promises_.setTimeout)(ms, undefined, { signal });
    }
    catch (error) {
        if (signal?.aborted)
            throw stoppedError();
        throw error;
    }
}
/** `errors[].code: message` from a registry error body, or a short excerpt of a non-JSON body. */
function registryMessage(body) {
    const text = body.toString('utf8');
    try {
        const parsed = JSON.parse(text);
        if (Array.isArray(parsed.errors) && parsed.errors.length > 0) {
            const parts = parsed.errors.map((e) => [e.code, e.message].filter(Boolean).join(': '));
            return { code: parsed.errors[0].code, message: parts.join('; ') };
        }
    }
    catch {
        // not JSON: fall through to the raw text
    }
    return { message: text.trim().slice(0, 200) || '(empty body)' };
}

;// CONCATENATED MODULE: ./src/core/push/http-exchange.ts
/**
 * One HTTP exchange with the registry: no retry, no status check. It ends on its own when the connection goes idle
 * (a registry or proxy that stops answering would otherwise hang the push forever) and when any of its stop signals
 * fires (the client closed, or another upload of the push failed).
 */



const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
function stopReason(signal) {
    return signal.reason instanceof Error && signal.reason.name !== 'AbortError' ? signal.reason : stoppedError();
}
function exchange(options) {
    const signals = options.stops.filter((s) => s !== undefined);
    const already = signals.find((s) => s.aborted);
    if (already)
        return Promise.reject(stopReason(already));
    return new Promise((resolve, reject) => {
        let settled = false;
        // Why we ended the request ourselves: that explains the failure better than the socket error it causes.
        let cause;
        const listeners = signals.map((signal) => {
            const listener = () => stop(stopReason(signal));
            signal.addEventListener('abort', listener, { once: true });
            return () => signal.removeEventListener('abort', listener);
        });
        const finish = (error, response) => {
            if (settled)
                return;
            settled = true;
            for (const remove of listeners)
                remove();
            if (response)
                resolve(response);
            else
                reject(cause ?? error);
        };
        const transport = options.secure ? external_node_https_ : external_node_http_;
        let incoming;
        const request = transport.request(options.request, (response) => {
            incoming = response;
            const chunks = [];
            let size = 0;
            response.on('data', (chunk) => {
                size += chunk.length;
                if (size <= MAX_RESPONSE_BYTES)
                    chunks.push(chunk);
            });
            response.once('end', () => finish(undefined, { status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
            response.once('error', finish);
            response.once('close', () => {
                if (!response.complete)
                    finish(Object.assign(new Error('socket hang up mid-response'), { code: 'ECONNRESET' }));
            });
        });
        const stop = (error) => {
            cause ??= error;
            request.destroy(error);
            incoming?.destroy(error);
        };
        request.setTimeout(options.idleTimeoutMs, () => stop(idleTimeoutError(options.label, options.idleTimeoutMs)));
        request.once('error', finish);
        request.once('close', () => {
            if (!incoming)
                finish(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
        });
        const { body } = options;
        if (typeof body !== 'function') {
            request.end(body);
            return;
        }
        body(request).then(() => request.end(), (error) => {
            // A write that failed because the request was already torn down says nothing new; the request's own error
            // (or our cause) settles the exchange. A failure of the body itself (a digest mismatch) is the cause.
            if (request.destroyed)
                return;
            stop(error);
            finish(error);
        });
    });
}

// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
;// CONCATENATED MODULE: ./src/core/push/proxy.ts
/**
 * HTTPS_PROXY / HTTP_PROXY / NO_PROXY for the registry client: peer actions ignore them and users behind corporate
 * proxies cannot push (amazon-ecr-login #812). Plain-HTTP targets go through the proxy in absolute form; HTTPS targets
 * through a CONNECT tunnel. The proxy itself may be `http://` or `https://` (TLS to the proxy, then TLS to the
 * registry inside the tunnel); any other scheme is refused.
 */





function envValue(env, name) {
    const value = env[name] ?? env[name.toLowerCase()];
    return value && value.trim() !== '' ? value.trim() : undefined;
}
function defaultPort(url) {
    return url.port || (url.protocol === 'https:' ? '443' : '80');
}
/** True when NO_PROXY names the target's host (exact, domain suffix, `*`, with optional port). */
function bypassesProxy(target, env) {
    const noProxy = envValue(env, 'NO_PROXY');
    if (!noProxy)
        return false;
    const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    const port = defaultPort(target);
    return noProxy
        .split(/[,\s]+/)
        .filter((entry) => entry !== '')
        .some((entry) => {
        if (entry === '*')
            return true;
        const [name, entryPort] = entry.toLowerCase().split(/:(?=\d+$)/);
        if (entryPort && entryPort !== port)
            return false;
        const bare = name.replace(/^\*?\./, '');
        return host === bare || host.endsWith(`.${bare}`);
    });
}
/** The proxy to use for a target URL, or undefined for a direct connection. */
function proxyFor(target, env) {
    const name = target.protocol === 'https:' ? 'HTTPS_PROXY' : 'HTTP_PROXY';
    const value = envValue(env, name);
    if (!value || bypassesProxy(target, env))
        return undefined;
    const proxy = new URL(value.includes('://') ? value : `http://${value}`);
    if (proxy.protocol !== 'http:' && proxy.protocol !== 'https:') {
        // Only the scheme: the URL may hold proxy credentials.
        throw new Error(`${name} uses a ${proxy.protocol}// proxy, which is not supported: use an http:// or https:// proxy.`);
    }
    return proxy;
}
function proxyAuthorization(proxy) {
    if (!proxy.username)
        return undefined;
    const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
    return `Basic ${Buffer.from(credentials).toString('base64')}`;
}
/**
 * SNI carries host names only (RFC 6066): '' for an IP address, which also stops Node from deriving one from the Host
 * header (the CONNECT's Host is the registry, not the proxy). Certificates are still checked against the host.
 */
function serverName(host) {
    return host && (0,external_node_net_.isIP)(host) === 0 ? host : '';
}
/** An https agent whose sockets are TLS sessions inside CONNECT tunnels through a proxy. */
class TunnelAgent extends external_node_https_.Agent {
    proxy;
    tlsOptions;
    idleTimeoutMs;
    constructor(options) {
        super(options.tls);
        this.proxy = options.proxy;
        this.tlsOptions = options.tls;
        this.idleTimeoutMs = options.idleTimeoutMs;
    }
    createConnection(options, callback) {
        let called = false;
        const done = (error, socket) => {
            if (called)
                return;
            called = true;
            callback(error, socket);
        };
        const target = `${options.host}:${options.port ?? 443}`;
        const headers = { host: target };
        const authorization = proxyAuthorization(this.proxy);
        if (authorization)
            headers['proxy-authorization'] = authorization;
        const request = {
            host: this.proxy.hostname,
            port: defaultPort(this.proxy),
            method: 'CONNECT',
            path: target,
            headers,
            agent: false,
        };
        const connect = this.proxy.protocol === 'https:'
            ? external_node_https_.request({ ...request, ca: this.tlsOptions.ca, servername: serverName(this.proxy.hostname) })
            : external_node_http_.request(request);
        connect.setTimeout(this.idleTimeoutMs, () => connect.destroy(idleTimeoutError(`Proxy ${this.proxy.host} (CONNECT ${target})`, this.idleTimeoutMs)));
        connect.once('connect', (response, socket) => {
            if (response.statusCode !== 200) {
                socket.destroy();
                done(new Error(`Proxy ${this.proxy.host} refused CONNECT to ${target}: HTTP ${response.statusCode}`));
                return;
            }
            // From here the request using the tunnel watches the connection for idleness.
            socket.setTimeout(0);
            done(null, external_node_tls_.connect({ ...options, socket, servername: options.servername || serverName(options.host) }));
        });
        connect.once('error', (error) => done(error));
        connect.end();
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/core/push/registry-auth.ts
/**
 * Bearer tokens for registries that answer Basic credentials with a token challenge (Docker Hub style; ECR itself
 * takes Basic). A token is good for one scope, so tokens are kept per scope: a token for one repository sent to
 * another would be refused and fetched again on every switch between concurrent uploads.
 */
function parseChallenge(header) {
    if (!header || !/^bearer\s/i.test(header))
        return undefined;
    const params = {};
    for (const match of header.slice(7).matchAll(/(\w+)="([^"]*)"/g))
        params[match[1].toLowerCase()] = match[2];
    return params.realm ? { realm: params.realm, service: params.service, scope: params.scope } : undefined;
}
/** The scope a request needs: push and pull on its repository, or the registry itself (`/v2/`). */
function scopeOf(repository) {
    return repository ? `repository:${repository}:pull,push` : '';
}
class BearerTokens {
    fetchJson;
    /** The last challenge seen: once known, a token for a new scope is fetched before the first request. */
    challenge;
    tokens = new Map();
    constructor(fetchJson) {
        this.fetchJson = fetchJson;
    }
    /** Whether the registry has asked for tokens, so a request without one would only earn a 401. */
    get inUse() {
        return this.challenge !== undefined;
    }
    /** The token for `scope`: the cached one, or one fetched now (one fetch however many requests wait for it). */
    token(scope) {
        const cached = this.tokens.get(scope);
        if (cached || !this.challenge)
            return cached;
        return this.renew(scope, { ...this.challenge, scope: undefined });
    }
    /** A fresh token for `scope` after a challenge (a first one, or an expired token). */
    renew(scope, challenge) {
        this.challenge = { realm: challenge.realm, service: challenge.service };
        const url = new URL(challenge.realm);
        if (challenge.service)
            url.searchParams.set('service', challenge.service);
        const wanted = challenge.scope ?? scope;
        if (wanted)
            url.searchParams.set('scope', wanted);
        const pending = this.fetchJson(url.href).then((answer) => {
            // The distribution token spec names it `token`; OAuth2-style servers answer only `access_token`.
            const { token, access_token } = (answer ?? {});
            const value = token ?? access_token;
            if (!value)
                throw new Error(`Token service ${url.host} returned no token.`);
            return value;
        });
        this.tokens.set(scope, pending);
        // A failed fetch must not stay cached: the next request tries again.
        pending.catch(() => {
            if (this.tokens.get(scope) === pending)
                this.tokens.delete(scope);
        });
        return pending;
    }
}

;// CONCATENATED MODULE: ./src/core/push/registry-url.ts
/**
 * Upload URLs as the registry hands them out. Their query often carries signed or opaque state (distribution's
 * `_state`, pre-signed object-store URLs), so it is kept byte for byte: never parsed into URLSearchParams and
 * serialised again, which would re-encode `/`, `~`, `+` and friends and break the signature.
 */
const SCHEME_AND_AUTHORITY = /^[a-z][a-z\d+.-]*:\/\/[^/?#]*/i;
/** The part before `?`, the raw query (undefined when there is none), the fragment dropped. */
function splitQuery(url) {
    const withoutFragment = url.split('#', 1)[0];
    const mark = withoutFragment.indexOf('?');
    if (mark < 0)
        return { head: withoutFragment };
    return { head: withoutFragment.slice(0, mark), query: withoutFragment.slice(mark + 1) };
}
/**
 * A `Location` header resolved against the URL of the request that returned it (RFC 9110 §10.2.2), not against the
 * registry root: `uuid?_state=…` answered to `/v2/app/blobs/uploads/` means `/v2/app/blobs/uploads/uuid?_state=…`.
 */
function resolveLocation(location, requestUrl) {
    const { head, query } = splitQuery(location);
    const resolved = new URL(head, requestUrl);
    return `${resolved.origin}${resolved.pathname}${query === undefined ? '' : `?${query}`}`;
}
/** The upload URL with `digest=` added for the closing PUT, the rest of the query left exactly as it was. */
function withDigest(url, digest) {
    const { head, query } = splitQuery(url);
    const parameter = `digest=${encodeURIComponent(digest)}`;
    if (query === undefined || query === '')
        return `${head}?${parameter}`;
    return `${head}?${query}${query.endsWith('&') ? '' : '&'}${parameter}`;
}
/** Where a request goes: an absolute URL, or a path on the registry. */
function requestTarget(url, endpoint) {
    const parsed = new URL(url, endpoint);
    const authority = SCHEME_AND_AUTHORITY.exec(url);
    const raw = authority ? url.slice(authority[0].length) : url.startsWith('/') ? url : undefined;
    if (raw === undefined)
        return { url: parsed, path: `${parsed.pathname}${parsed.search}` };
    const { head, query } = splitQuery(raw);
    const path = `${head.startsWith('/') ? head : `/${head}`}${query === undefined ? '' : `?${query}`}`;
    return { url: parsed, path };
}
/**
 * Whether a request to `url` may carry the registry's credentials: only on the registry's own scheme, host and port.
 * Comparing the host alone let a `Location: http://…` from an https registry receive them in cleartext.
 */
function sameOrigin(url, endpoint) {
    return url.origin === endpoint.origin;
}
/**
 * Whether the Basic credentials may go to a Bearer token realm: over https, or on the registry's own host when the
 * registry itself is plain http (a local or test registry). Never over http when the registry is https.
 */
function realmMayReceiveCredentials(realm, endpoint) {
    if (realm.protocol === 'https:')
        return true;
    return realm.protocol === 'http:' && endpoint.protocol === 'http:' && realm.hostname === endpoint.hostname;
}

;// CONCATENATED MODULE: ./src/core/push/registry-client.ts
/**
 * A minimal client of the OCI distribution API (`/v2/`): Basic auth (what ECR uses), Bearer tokens per scope when the
 * registry challenges for them, retries of replayable requests, an idle timeout on every request, and errors that
 * carry the registry's own message.
 */









/** Every 2xx: registries differ in which success code they send (ECR answers 201 to a chunk PATCH, not 202). */
const ANY_2XX = Array.from({ length: 100 }, (_, i) => 200 + i);
class RegistryClient {
    endpoint;
    options;
    agents = new Map();
    env;
    tokens;
    closing = new AbortController();
    /** Counters the summary and the benchmark read. */
    stats = { requests: 0, retries: 0 };
    constructor(options) {
        this.options = options;
        this.endpoint = new URL(options.endpoint);
        this.env = options.env ?? process.env;
        this.tokens = new BearerTokens(async (url) => {
            const tokenRequest = { method: 'GET', url, expect: [200] };
            // A realm elsewhere over plain http gets an anonymous token request: the credentials would travel in cleartext.
            const basic = realmMayReceiveCredentials(new URL(url), this.endpoint) ? this.basicAuthorization() : undefined;
            const answer = this.check(tokenRequest, await this.once(tokenRequest, basic));
            return JSON.parse(answer.body.toString('utf8'));
        });
    }
    get registry() {
        return this.endpoint.host;
    }
    /** Ends requests in flight and refuses new ones: nothing may reach the registry after the push gave up. */
    close() {
        this.closing.abort(closedError(this.registry));
        for (const agent of this.agents.values())
            agent.destroy();
        this.agents.clear();
    }
    async request(req) {
        const attempts = req.retry === false || typeof req.body === 'function' ? 1 : (this.options.attempts ?? 5);
        for (let attempt = 1;; attempt++) {
            try {
                return await this.authorized(req);
            }
            catch (error) {
                if (attempt >= attempts || !isRetryable(error) || this.closing.signal.aborted)
                    throw error;
                this.stats.retries++;
                await delay(this.retryDelay(attempt, error), req.signal);
            }
        }
    }
    retryDelay(attempt, error) {
        const retryAfter = error?.retryAfterSeconds;
        if (retryAfter !== undefined)
            return Math.min(retryAfter, 30) * 1000;
        return Math.min((this.options.retryDelayMs ?? 250) * 2 ** (attempt - 1), 10_000);
    }
    async authorized(req) {
        // Registry credentials go to the registry's own scheme, host and port only: not to object storage a Location
        // points at, and never over http when the registry is https.
        if (!sameOrigin(new URL(req.url, this.endpoint), this.endpoint))
            return this.check(req, await this.once(req));
        const scope = scopeOf(req.repository);
        const token = await this.tokens.token(scope);
        const response = await this.once(req, token ? `Bearer ${token}` : this.basicAuthorization());
        // A first challenge, or an expired token: fetch a token for this scope and try once more.
        if (response.status === 401) {
            const challenge = parseChallenge(response.headers['www-authenticate']);
            if (challenge) {
                const renewed = await this.tokens.renew(scope, challenge);
                return this.check(req, await this.once(req, `Bearer ${renewed}`));
            }
        }
        return this.check(req, response);
    }
    basicAuthorization() {
        const basic = Buffer.from(`${this.options.username}:${this.options.password}`).toString('base64');
        return `Basic ${basic}`;
    }
    check(req, response) {
        if (req.expect.includes(response.status))
            return response;
        const { code, message } = registryMessage(response.body);
        const path = new URL(req.url, this.endpoint).pathname;
        const hint = response.status === 401 ? ' (check the registry credentials)' : '';
        const error = new RegistryError(`Registry ${this.registry} answered ${response.status} to ${req.method} ${path}: ${message}${hint}`, response.status, code);
        const retryAfter = Number(response.headers['retry-after']);
        if (Number.isFinite(retryAfter) && retryAfter >= 0)
            Object.assign(error, { retryAfterSeconds: retryAfter });
        throw error;
    }
    tlsOptions() {
        // `ca` alone would replace Node's trusted roots; a private CA is meant to come on top of them.
        const ca = this.options.ca ? [...external_node_tls_.rootCertificates, this.options.ca.toString()] : undefined;
        return { keepAlive: true, maxSockets: this.options.maxSockets ?? 8, ...(ca ? { ca } : {}) };
    }
    /** The agent for a target, and the proxy a plain-HTTP target is reached through (absolute-form requests). */
    agentFor(url) {
        const proxy = proxyFor(url, this.env);
        const key = `${url.protocol}${proxy?.href ?? ''}`;
        let agent = this.agents.get(key);
        if (!agent) {
            const tls = this.tlsOptions();
            const idleTimeoutMs = this.idleTimeoutMs;
            if (url.protocol === 'https:')
                agent = proxy ? new TunnelAgent({ proxy, tls, idleTimeoutMs }) : new external_node_https_.Agent(tls);
            else
                agent = proxy?.protocol === 'https:' ? new external_node_https_.Agent(tls) : new external_node_http_.Agent(tls);
            this.agents.set(key, agent);
        }
        return url.protocol === 'http:' && proxy ? { agent, proxy } : { agent };
    }
    get idleTimeoutMs() {
        return this.options.idleTimeoutMs ?? 60_000;
    }
    /** One HTTP exchange: no retry, no status check. */
    once(req, authorization) {
        if (this.closing.signal.aborted)
            return Promise.reject(closedError(this.registry));
        const target = requestTarget(req.url, this.endpoint);
        const { url } = target;
        const { agent, proxy } = this.agentFor(url);
        const headers = { ...req.headers };
        if (authorization)
            headers.authorization = authorization;
        if (Buffer.isBuffer(req.body))
            headers['content-length'] = req.body.length;
        else if (req.contentLength !== undefined)
            headers['content-length'] = req.contentLength;
        else if (req.body === undefined && ['PUT', 'POST', 'PATCH'].includes(req.method))
            headers['content-length'] = 0;
        const proxyAuth = proxy ? proxyAuthorization(proxy) : undefined;
        if (proxyAuth)
            headers['proxy-authorization'] = proxyAuth;
        const via = proxy ?? url;
        const secure = via.protocol === 'https:';
        this.stats.requests++;
        return exchange({
            request: {
                method: req.method,
                agent,
                headers,
                host: via.hostname,
                port: via.port || (secure ? 443 : 80),
                // Absolute form through a plain-HTTP proxy; the path is the caller's string, not a re-serialised URL.
                path: proxy ? `${url.origin}${target.path}` : target.path,
            },
            secure,
            body: req.body,
            label: `${req.method} ${url.host}${url.pathname}`,
            idleTimeoutMs: this.idleTimeoutMs,
            stops: [this.closing.signal, req.signal],
        });
    }
}

;// CONCATENATED MODULE: ./src/core/push/blob-upload.ts
/**
 * Puts one blob into a repository: skip it when the registry has it, mount it from another repository of the same
 * registry when possible, else upload it from disk in chunks, resuming after a failed request from the offset the
 * registry reports. The digest of what is read for sending is checked before the upload commits.
 */




/** Read size; two buffers of it per upload in flight are all the memory a blob upload takes. */
const BUFFER_SIZE = 1024 * 1024;
function write(sink, chunk) {
    return new Promise((resolve, reject) => sink.write(chunk, (error) => (error ? reject(error) : resolve())));
}
/** Hashes each byte once, in order, however often a range is re-sent after a failure. */
class StreamingDigest {
    hash;
    algorithm;
    hashedUpTo = 0;
    blob;
    constructor(blob) {
        this.blob = blob;
        // By the digest's own algorithm: a sha512 blob checked with sha256 would always "mismatch".
        this.algorithm = blob.digest.slice(0, blob.digest.indexOf(':'));
        this.hash = (0,external_node_crypto_.createHash)(this.algorithm);
    }
    /**
     * Writes bytes [start, end) of the blob, feeding the hash, and fails before the last byte goes out when the content
     * does not give the digest. Two reused buffers: one is being read while the other is written, so memory stays
     * constant (fresh buffers per read would let garbage grow by tens of MB before the GC runs).
     */
    writer(start, end) {
        return async (sink) => {
            const { file } = this.blob;
            const handle = await (0,promises_.open)(file.path, 'r');
            try {
                const buffers = [Buffer.allocUnsafe(BUFFER_SIZE), Buffer.allocUnsafe(BUFFER_SIZE)];
                let pending = Promise.resolve();
                for (let position = start, turn = 0; position < end; turn++) {
                    const buffer = buffers[turn % 2];
                    const length = Math.min(BUFFER_SIZE, end - position);
                    const { bytesRead } = await handle.read(buffer, 0, length, file.offset + position);
                    if (bytesRead === 0)
                        throw new Error(`${file.label} ended ${end - position} bytes early.`);
                    const chunk = buffer.subarray(0, bytesRead);
                    this.update(chunk, position);
                    position += bytesRead;
                    await pending;
                    pending = write(sink, chunk);
                }
                await pending;
            }
            finally {
                await handle.close();
            }
        };
    }
    update(chunk, position) {
        const fresh = position + chunk.length - this.hashedUpTo;
        if (fresh > 0) {
            this.hash.update(chunk.subarray(chunk.length - fresh));
            this.hashedUpTo += fresh;
        }
        if (position + chunk.length === this.blob.size) {
            const actual = `${this.algorithm}:${this.hash.copy().digest('hex')}`;
            if (actual !== this.blob.digest) {
                throw new Error(`Digest mismatch: ${this.blob.file.label} has ${actual}, expected ${this.blob.digest}.`);
            }
        }
    }
}
function blobUrl(repository, digest) {
    return `/v2/${repository}/blobs/${digest}`;
}
/** The upload URL a response names, resolved against the URL of the request it answers. */
function blob_upload_location(response, requestUrl, required = true) {
    const value = response.headers.location;
    if (typeof value === 'string' && value !== '')
        return resolveLocation(value, requestUrl);
    if (!required)
        return requestUrl;
    throw new Error('The registry started an upload without a Location header.');
}
/** Offset after the last byte the registry holds, from `Range: 0-<last>`. */
function offsetFromRange(range) {
    const match = typeof range === 'string' ? /^(?:bytes=)?0-(\d+)$/.exec(range) : null;
    if (!match)
        return 0;
    const last = Number(match[1]);
    // `0-0` means both "nothing" and "one byte"; restarting from 0 is right for the first and rejected (416) for the
    // second, which then starts over.
    return last === 0 ? 0 : last + 1;
}
class BlobUpload {
    blob;
    options;
    digest;
    url = '';
    /** Where the next request starts. */
    offset = 0;
    /**
     * Bytes the registry acknowledged with a 2xx in this session. Its `Range` header is only a lower bound: ECR's stops
     * advancing after the first chunk, and resuming from it would re-send (and be refused) what it already holds.
     */
    acknowledged = 0;
    bytesSent = 0;
    retries = 0;
    constructor(blob, options) {
        this.blob = blob;
        this.options = options;
        this.digest = new StreamingDigest(blob);
    }
    async run() {
        if (await this.exists())
            return this.result('skipped');
        if (await this.start(this.options.mountFrom))
            return this.result('mounted');
        // Attempts count per request: progress since the last failure gives the next request a fresh allowance.
        for (let failures = 0, lastFailureAt = -1;;) {
            try {
                await this.send();
                return this.result('uploaded');
            }
            catch (error) {
                failures = this.offset > lastFailureAt ? 1 : failures + 1;
                lastFailureAt = this.offset;
                if (failures >= this.options.attempts || !isRetryable(error))
                    throw error;
                this.retries++;
                await delay(this.options.client.retryDelay(failures, error), this.options.signal);
                if (await this.exists())
                    return this.result('uploaded');
                await this.resume();
            }
        }
    }
    result(outcome) {
        return { outcome, bytesSent: this.bytesSent, retries: this.retries };
    }
    async exists() {
        const { client, repository, signal } = this.options;
        const url = blobUrl(repository, this.blob.digest);
        const response = await client.request({ method: 'HEAD', url, expect: [200, 404], repository, signal });
        return response.status === 200;
    }
    /** Opens an upload session; true when a cross-repository mount made it unnecessary. */
    async start(mountFrom) {
        const { client, repository, signal } = this.options;
        const query = mountFrom && mountFrom !== repository ? `?mount=${this.blob.digest}&from=${mountFrom}` : '';
        const url = new URL(`/v2/${repository}/blobs/uploads/${query}`, client.endpoint).href;
        const response = await client.request({ method: 'POST', url, expect: [201, 202], repository, signal });
        if (response.status === 201)
            return true;
        this.url = blob_upload_location(response, url);
        this.offset = 0;
        this.acknowledged = 0;
        return false;
    }
    /** Asks the registry how much of the upload it holds; starts over if it lost the session. */
    async resume() {
        try {
            const { client, repository, signal } = this.options;
            const status = await client.request({ method: 'GET', url: this.url, expect: [204], repository, signal });
            this.url = blob_upload_location(status, this.url, false);
            // Bytes of a cut-off request may have landed (more than acknowledged); a frozen Range may say less.
            this.offset = Math.max(offsetFromRange(status.headers.range), this.acknowledged);
        }
        catch (error) {
            if (!(error instanceof RegistryError) || error.status >= 500)
                throw error;
            await this.start();
        }
    }
    async send() {
        const { chunkSize, monolithicMax } = this.options;
        while (this.blob.size - this.offset > monolithicMax) {
            const end = Math.min(this.offset + chunkSize, this.blob.size);
            const response = await this.transfer({ method: 'PATCH', url: this.url, end, expect: ANY_2XX });
            this.url = blob_upload_location(response, this.url, false);
            this.offset = this.acknowledged = end;
        }
        await this.transfer({
            method: 'PUT',
            url: withDigest(this.url, this.blob.digest),
            end: this.blob.size,
            expect: [201],
        });
    }
    async transfer(request) {
        const { client, repository, signal } = this.options;
        const start = this.offset;
        const length = request.end - start;
        const headers = { 'content-type': 'application/octet-stream' };
        if (request.method === 'PATCH')
            headers['content-range'] = `${start}-${request.end - 1}`;
        try {
            const response = await client.request({
                method: request.method,
                url: request.url,
                headers,
                body: this.digest.writer(start, request.end),
                contentLength: length,
                expect: request.expect,
                repository,
                signal,
            });
            this.bytesSent += length;
            return response;
        }
        catch (error) {
            // The registry refused the range: its view of the upload differs from ours, so start a fresh session.
            if (error instanceof RegistryError && error.status === 416) {
                await this.start();
                throw Object.assign(new RegistryError(error.message, 503), { cause: error });
            }
            throw error;
        }
    }
}

;// CONCATENATED MODULE: ./src/core/push/plan.ts
/** What a daemonless push sends: blobs read from disk and manifests (children before the index that lists them). */



const MEDIA_TYPES = {
    ociIndex: 'application/vnd.oci.image.index.v1+json',
    ociManifest: 'application/vnd.oci.image.manifest.v1+json',
    dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
    dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
    dockerConfig: 'application/vnd.docker.container.image.v1+json',
    dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
};
function sha256(data) {
    return `sha256:${(0,external_node_crypto_.createHash)('sha256').update(data).digest('hex')}`;
}
async function hashRange(file, signal) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    await (0,external_node_stream_promises_.pipeline)(readRange(file), async (chunks) => {
        for await (const chunk of chunks)
            hash.update(chunk);
    }, { signal });
    return `sha256:${hash.digest('hex')}`;
}
/** `blobs/sha256/<hex>` for a digest, refusing anything that could escape the layout. */
function blobPath(digest) {
    const match = /^(sha256):([a-f0-9]{64})$/.exec(digest) ?? /^(sha512):([a-f0-9]{128})$/.exec(digest);
    if (!match)
        throw new Error(`Unsupported or malformed digest "${digest}".`);
    return `blobs/${match[1]}/${match[2]}`;
}
function isIndexMediaType(mediaType) {
    return mediaType === MEDIA_TYPES.ociIndex || mediaType === MEDIA_TYPES.dockerList;
}
/** Adds blobs once each (images of an index share layers). */
function addBlob(plan, blob) {
    if (!plan.blobs.some((known) => known.digest === blob.digest))
        plan.blobs.push(blob);
}
/**
 * Runs `work` over `items`, at most `limit` at a time, keeping the order of results. After the first failure no new
 * item starts, the others are told to stop through the signal, and the call settles only once every worker has: a
 * caller that cleans up after the failure (closes the client, deletes temporary files) must not race work in flight.
 */
async function mapLimit(items, limit, work) {
    const results = new Array(items.length);
    const stop = new AbortController();
    let failure;
    let next = 0;
    const worker = async () => {
        while (next < items.length && !stop.signal.aborted) {
            const index = next++;
            try {
                results[index] = await work(items[index], stop.signal);
            }
            catch (error) {
                // Later failures are mostly the stop itself: the first one is the reason.
                if (!failure) {
                    failure = { error };
                    stop.abort();
                }
            }
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
    if (failure)
        throw failure.error;
    return results;
}

;// CONCATENATED MODULE: ./src/core/push/docker-archive.ts
/**
 * Converts a `docker save` archive (manifest.json, a config, layer tars that are usually uncompressed) into a Docker
 * v2 schema 2 image. Layers are gzip-compressed to a temporary file as registries expect, hashing both sides on the
 * way: the uncompressed digest must match the config's diff_id, the compressed one is what the manifest names.
 */









async function firstBytes(file) {
    const handle = await (0,promises_.open)(file.path, 'r');
    try {
        const magic = Buffer.alloc(4);
        const { bytesRead } = await handle.read(magic, 0, Math.min(4, file.size), file.offset);
        return magic.subarray(0, bytesRead);
    }
    finally {
        await handle.close();
    }
}
function hashingPassThrough(hash) {
    return new external_node_stream_.Transform({
        transform(chunk, _encoding, callback) {
            hash.update(chunk);
            callback(null, chunk);
        },
    });
}
async function gzipLayer(file, options, index) {
    const uncompressed = (0,external_node_crypto_.createHash)('sha256');
    const compressed = (0,external_node_crypto_.createHash)('sha256');
    const target = (0,external_node_path_.join)(options.tempDir, `layer-${index}.tar.gz`);
    // Level 1: layers are mostly already-dense binaries and the upload, not the ratio, is what users wait for.
    await (0,external_node_stream_promises_.pipeline)(readRange(file), hashingPassThrough(uncompressed), (0,external_node_zlib_.createGzip)({ level: external_node_zlib_.constants.Z_BEST_SPEED }), hashingPassThrough(compressed), (0,external_node_fs_.createWriteStream)(target), { signal: options.signal });
    const diffId = `sha256:${uncompressed.digest('hex')}`;
    if (options.diffId && diffId !== options.diffId) {
        throw new Error(`Layer ${file.label} has digest ${diffId} but the image config expects ${options.diffId}.`);
    }
    const size = (await (0,promises_.stat)(target)).size;
    const digest = `sha256:${compressed.digest('hex')}`;
    return { digest, size, role: 'layer', file: { path: target, offset: 0, size, label: `${file.label} (gzipped)` } };
}
async function prepareLayer(name, options, index) {
    const file = options.store.find(name);
    if (!file)
        throw new Error(`Layer ${name} listed in manifest.json is missing from ${options.store.label}.`);
    const magic = await firstBytes(file);
    if (magic[0] === 0x1f && magic[1] === 0x8b) {
        return { digest: await hashRange(file, options.signal), size: file.size, role: 'layer', file };
    }
    if (magic.equals(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]))) {
        throw new Error(`Layer ${file.label} is zstd-compressed, which Docker v2 schema 2 images cannot carry.`);
    }
    return gzipLayer(file, options, index);
}
function parseJson(bytes, label) {
    try {
        return JSON.parse(bytes.toString('utf8'));
    }
    catch {
        throw new Error(`${label} is not valid JSON; the archive is damaged.`);
    }
}
async function planFromDockerArchive(store, options) {
    const manifestFile = store.find('manifest.json');
    if (!manifestFile)
        throw new Error(`${store.label} is not a docker-archive (docker save) file: no manifest.json.`);
    const entries = parseJson(await readWhole(manifestFile), `${store.label}: manifest.json`);
    if (!Array.isArray(entries) || entries.length !== 1) {
        const count = Array.isArray(entries) ? `${entries.length} images` : 'no image list';
        throw new Error(`${store.label} holds ${count}; save exactly one image to push it.`);
    }
    const [entry] = entries;
    const layerNames = entry?.Layers;
    const configFile = typeof entry?.Config === 'string' ? store.find(entry.Config) : undefined;
    if (!configFile || !Array.isArray(layerNames) || !layerNames.every((name) => typeof name === 'string'))
        throw new Error(`${store.label}: manifest.json names a missing config or no layers.`);
    const layerList = layerNames;
    const configBytes = await readWhole(configFile);
    const config = parseJson(configBytes, configFile.label);
    const diffIds = config?.rootfs?.diff_ids;
    if (!Array.isArray(diffIds) || diffIds.length !== layerList.length) {
        const listed = Array.isArray(diffIds) ? diffIds.length : 'no';
        throw new Error(`${store.label}: the config lists ${listed} layers, manifest.json ${layerList.length}.`);
    }
    // Fail on a missing layer before spending time compressing the others.
    for (const name of layerList) {
        if (!store.find(name))
            throw new Error(`Layer ${name} listed in manifest.json is missing from ${store.label}.`);
    }
    const layers = await mapLimit(layerList.map((name, index) => ({ name, index })), options.concurrency, ({ name, index }, signal) => prepareLayer(name, { store, tempDir: options.tempDir, diffId: diffIds[index], signal }, index));
    const configBlob = {
        digest: sha256(configBytes),
        size: configBytes.length,
        role: 'config',
        file: configFile,
    };
    const manifest = {
        schemaVersion: 2,
        mediaType: MEDIA_TYPES.dockerManifest,
        config: { mediaType: MEDIA_TYPES.dockerConfig, size: configBlob.size, digest: configBlob.digest },
        layers: layers.map((l) => ({ mediaType: MEDIA_TYPES.dockerLayerGzip, size: l.size, digest: l.digest })),
    };
    const bytes = Buffer.from(JSON.stringify(manifest, null, 3));
    const blobs = [configBlob];
    for (const layer of layers)
        if (!blobs.some((b) => b.digest === layer.digest))
            blobs.push(layer);
    return { blobs, manifests: [{ digest: sha256(bytes), mediaType: MEDIA_TYPES.dockerManifest, bytes }] };
}

;// CONCATENATED MODULE: ./src/core/push/oci-layout.ts
/**
 * Turns an OCI image layout (a directory, or the same inside an oci-archive) into a push plan. Every file the image
 * needs is checked (present, right size) before anything is uploaded; manifests are also checked against their digest.
 */


const REF_ANNOTATION = 'org.opencontainers.image.ref.name';
function oci_layout_parseJson(bytes, label) {
    let parsed;
    try {
        parsed = JSON.parse(bytes.toString('utf8'));
    }
    catch {
        throw new Error(`${label} is not valid JSON.`);
    }
    // A damaged file can hold valid JSON of the wrong shape: it must fail here, not as a TypeError further on.
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new Error(`${label} is not a JSON object.`);
    }
    return parsed;
}
function pickManifest(index, store, reference) {
    const manifests = index.manifests ?? [];
    const refs = manifests.map((m) => m.annotations?.[REF_ANNOTATION]).filter((r) => r !== undefined);
    const known = refs.length > 0 ? `refs in it: ${refs.join(', ')}` : 'it names no refs';
    if (reference !== undefined) {
        const found = manifests.find((m) => m.annotations?.[REF_ANNOTATION] === reference);
        if (!found)
            throw new Error(`OCI layout ${store.label} has no image with ref "${reference}" (${known}).`);
        return found;
    }
    if (manifests.length === 1)
        return manifests[0];
    if (manifests.length === 0)
        throw new Error(`OCI layout ${store.label} holds no image (index.json lists none).`);
    throw new Error(`OCI layout ${store.label} holds ${manifests.length} images: add :ref to the source (${known}).`);
}
function locate(store, descriptor, what) {
    if (typeof descriptor?.digest !== 'string' || typeof descriptor.size !== 'number') {
        throw new Error(`${what} descriptor in ${store.label} has no digest or size; nothing was pushed.`);
    }
    const name = blobPath(descriptor.digest);
    const algorithm = descriptor.digest.slice(0, descriptor.digest.indexOf(':'));
    if (algorithm !== 'sha256') {
        // ECR names layers and manifests by sha256 only: refuse here rather than after half the blobs went up.
        throw new Error(`${what} ${descriptor.digest.slice(0, 19)}… in ${store.label} has a ${algorithm} digest, but ECR takes sha256 ` +
            'digests only; nothing was pushed. Copy the image to a layout with sha256 digests (the default of docker, ' +
            'buildah and skopeo).');
    }
    const file = store.find(name);
    if (!file) {
        throw new Error(`${what} ${descriptor.digest} is missing from ${store.label} (no file ${name}); nothing was pushed.`);
    }
    if (file.size !== descriptor.size) {
        throw new Error(`${what} ${file.label} is ${file.size} bytes but its descriptor says ${descriptor.size}; nothing was pushed.`);
    }
    return file;
}
async function walk(store, descriptor, plan) {
    if (plan.manifests.some((m) => m.digest === descriptor.digest))
        return;
    const file = locate(store, descriptor, 'Manifest');
    const bytes = await readWhole(file);
    if (sha256(bytes) !== descriptor.digest) {
        throw new Error(`Manifest ${file.label} does not match its digest ${descriptor.digest}.`);
    }
    const document = oci_layout_parseJson(bytes, file.label);
    // The document's own mediaType wins: the registry parses the body by Content-Type and refuses a mismatch, and a
    // descriptor (often hand-written in index.json) is the likelier of the two to be wrong.
    const mediaType = document.mediaType ?? descriptor.mediaType ?? inferMediaType(document);
    if (isIndexMediaType(mediaType) || Array.isArray(document.manifests)) {
        for (const child of document.manifests ?? [])
            await walk(store, child, plan);
    }
    else {
        if (!document.config || !Array.isArray(document.layers)) {
            throw new Error(`Manifest ${file.label} has no config or layers: not an image manifest.`);
        }
        addBlob(plan, { ...document.config, file: locate(store, document.config, 'Config'), role: 'config' });
        for (const layer of document.layers) {
            // Non-distributable layers live elsewhere (their `urls`); the registry must not get them.
            if (layer.urls?.length)
                continue;
            addBlob(plan, { ...layer, file: locate(store, layer, 'Layer'), role: 'layer' });
        }
    }
    const manifest = { digest: descriptor.digest, mediaType, bytes };
    plan.manifests.push(manifest);
}
function inferMediaType(document) {
    return Array.isArray(document.manifests) ? MEDIA_TYPES.ociIndex : MEDIA_TYPES.ociManifest;
}
async function planFromLayout(store, reference) {
    const indexFile = store.find('index.json');
    if (!indexFile)
        throw new Error(`${store.label} is not an OCI image layout: it has no index.json.`);
    const index = oci_layout_parseJson(await readWhole(indexFile), indexFile.label);
    const plan = { blobs: [], manifests: [] };
    await walk(store, pickManifest(index, store, reference), plan);
    return plan;
}

;// CONCATENATED MODULE: ./src/core/push/progress.ts
function formatBytes(bytes) {
    const units = ['B', 'KB', 'MB', 'GB', 'TB'];
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
    }
    return unit === 0 ? `${Math.round(bytes)} B` : `${value.toFixed(1)} ${units[unit]}`;
}
function shortDigest(digest) {
    return digest.replace(/^sha256:/, '').slice(0, 12);
}
function blobLine(blob, result, seconds) {
    const head = `${blob.role} ${shortDigest(blob.digest)} ${formatBytes(blob.size)}`;
    if (result.outcome !== 'uploaded')
        return `${head}: ${result.outcome}`;
    const rate = seconds > 0 ? `${formatBytes(result.bytesSent / seconds)}/s` : 'instant';
    const retries = result.retries > 0 ? `, ${result.retries} ${result.retries === 1 ? 'retry' : 'retries'}` : '';
    return `${head}: uploaded in ${seconds.toFixed(2)} s (${rate}${retries})`;
}
function newTally() {
    return { counts: { skipped: 0, mounted: 0, uploaded: 0 }, bytesUploaded: 0, retries: 0 };
}
function summaryLine(tally, seconds) {
    const { uploaded, mounted, skipped } = tally.counts;
    const rate = seconds > 0 && tally.bytesUploaded > 0 ? ` at ${formatBytes(tally.bytesUploaded / seconds)}/s` : '';
    const retries = tally.retries > 0 ? `, ${tally.retries} upload request(s) retried` : '';
    return (`${uploaded} blob(s) uploaded (${formatBytes(tally.bytesUploaded)}${rate}), ${mounted} mounted, ` +
        `${skipped} already present, in ${seconds.toFixed(1)} s${retries}`);
}

;// CONCATENATED MODULE: ./src/core/push/tags.ts
/**
 * Tags and ECR's immutable tags. ECR refuses a manifest PUT under an immutable tag that exists, even when the tag
 * already names the very same image, so a re-run of the same workflow would fail. The tags are looked up first: one
 * already on the image is left alone, one on another image of an immutable tag is a clear error before any upload.
 */



const ACCEPT = [MEDIA_TYPES.ociManifest, MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerManifest, MEDIA_TYPES.dockerList];
/** The digest `tag` names in the repository now; undefined when the tag does not exist. */
async function tagDigest(client, where) {
    const { repository, tag } = where;
    const response = await client.request({
        method: 'HEAD',
        url: `/v2/${repository}/manifests/${tag}`,
        headers: { accept: ACCEPT.join(', ') },
        expect: [200, 404],
        repository,
    });
    const digest = response.headers['docker-content-digest'];
    return response.status === 200 && typeof digest === 'string' && digest !== '' ? digest : undefined;
}
function immutableTagError(where) {
    return new Error(`Tag ${where.tag} of ${where.target} is immutable and already names image ${where.existing}, but this image is ` +
        `${where.digest}. No tag was moved and no service was changed. Push under a new tag (image-tags), or ` +
        'remove the old image from the repository if it really must be replaced.');
}
/** The tags that still need a manifest PUT; throws when an immutable tag names another image. */
async function checkTags(client, options) {
    const target = `${client.registry}/${options.repository}`;
    const toPut = [];
    for (const tag of options.tags) {
        const existing = await tagDigest(client, { repository: options.repository, tag });
        if (existing === options.digest) {
            workflow/* info */.pq(`Tag ${tag} of ${target} already names ${options.digest}: left as it is.`);
        }
        else if (existing !== undefined && options.tagIsImmutable?.(tag)) {
            throw immutableTagError({ target, tag, existing, digest: options.digest });
        }
        else {
            toPut.push(tag);
        }
    }
    return toPut;
}
/** ECR's answer to a PUT under an immutable tag that exists (`TAG_INVALID: The image tag '…' already exists …`). */
function isImmutableTagRefusal(error) {
    return (error instanceof RegistryError &&
        (error.code === 'TAG_INVALID' || /already exists .*cannot be overwritten/i.test(error.message)));
}
/**
 * Runs the PUT of `tag`; when the registry refuses it as an immutable tag (someone tagged in between, or the setting
 * was not known), the tag's digest decides: the same image is success, another one the clear error.
 */
async function putTag(client, where, put) {
    try {
        await put();
    }
    catch (error) {
        if (!isImmutableTagRefusal(error))
            throw error;
        const existing = await tagDigest(client, where);
        if (existing === where.digest)
            return;
        const target = `${client.registry}/${where.repository}`;
        throw immutableTagError({
            target,
            tag: where.tag,
            existing: existing ?? 'an image it could not read',
            digest: where.digest,
        });
    }
}

;// CONCATENATED MODULE: ./src/core/push/daemonless.ts
/** The push of oci, oci-archive and docker-archive sources straight to the registry API, without a daemon. */












/** Repositories of each registry known (within this run) to hold a blob: the source of cross-repository mounts. */
const knownBlobs = new Map();
function blobsOf(registry) {
    let blobs = knownBlobs.get(registry);
    if (!blobs)
        knownBlobs.set(registry, (blobs = new Map()));
    return blobs;
}
async function openSource(source, tempDir) {
    if (source.kind !== 'oci')
        return archiveStore(source.path, tempDir);
    const info = await (0,promises_.stat)(source.path).catch(() => undefined);
    if (!info?.isDirectory())
        throw new Error(`OCI layout directory ${source.path} does not exist.`);
    return directoryStore(source.path);
}
async function makePlan(options, store, tempDir) {
    const { source } = options;
    if (source.kind === 'docker-archive') {
        return planFromDockerArchive(store, { tempDir, concurrency: options.concurrency });
    }
    return planFromLayout(store, source.reference);
}
async function putManifest(client, options) {
    const { repository, manifest, reference } = options;
    const response = await client.request({
        method: 'PUT',
        url: `/v2/${repository}/manifests/${reference}`,
        headers: { 'content-type': manifest.mediaType },
        body: manifest.bytes,
        expect: [201],
        repository,
    });
    const answered = response.headers['docker-content-digest'];
    if (typeof answered === 'string' && answered !== '' && answered !== manifest.digest) {
        throw new Error(`Registry stored manifest ${reference} as ${answered}, expected ${manifest.digest}.`);
    }
}
async function uploadBlobs(client, plan, options) {
    const tally = newTally();
    const known = blobsOf(client.registry);
    const { repository } = options;
    await mapLimit(plan.blobs, options.concurrency, async (blob, signal) => {
        const started = performance.now();
        const result = await new BlobUpload(blob, {
            client,
            repository,
            chunkSize: options.chunkSize ?? 128 * 1024 * 1024,
            monolithicMax: options.monolithicMax ?? 8 * 1024 * 1024,
            attempts: options.attempts ?? 5,
            mountFrom: known.get(blob.digest),
            signal,
        }).run();
        known.set(blob.digest, repository);
        tally.counts[result.outcome]++;
        tally.bytesUploaded += result.bytesSent;
        tally.retries += result.retries;
        workflow/* info */.pq(blobLine(blob, result, (performance.now() - started) / 1000));
    });
    return tally;
}
async function pushDaemonless(options) {
    const started = performance.now();
    const tempDir = await (0,promises_.mkdtemp)((0,external_node_path_.join)(process.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(), 'push-'));
    const client = new RegistryClient({
        ...options.credentials,
        maxSockets: options.concurrency + 2,
        attempts: options.attempts,
        retryDelayMs: options.retryDelayMs,
        env: options.env,
    });
    let store;
    try {
        store = await openSource(options.source, tempDir);
        const plan = await makePlan(options, store, tempDir);
        // Checks the credentials once, before any upload, so a bad password fails with one clear message.
        await client.request({ method: 'GET', url: '/v2/', expect: [200] });
        const target = `${client.registry}/${options.repository}`;
        const image = plan.manifests[plan.manifests.length - 1];
        // Before any upload: a tag already on this image needs no PUT (ECR refuses even that on an immutable tag), and an
        // immutable tag on another image fails the push here.
        const tagsToPut = await checkTags(client, { ...options, digest: image.digest });
        workflow/* startGroup */.Oh(`Pushing ${plan.blobs.length} blobs to ${target}`);
        let tally;
        try {
            tally = await uploadBlobs(client, plan, options);
        }
        finally {
            workflow/* endGroup */.N4();
        }
        for (const manifest of plan.manifests.slice(0, -1)) {
            await putManifest(client, { repository: options.repository, manifest, reference: manifest.digest });
        }
        for (const reference of tagsToPut) {
            await putTag(client, { repository: options.repository, digest: image.digest, tag: reference }, () => putManifest(client, { repository: options.repository, manifest: image, reference }));
        }
        workflow/* info */.pq(`Pushed ${target}@${image.digest}: ${summaryLine(tally, (performance.now() - started) / 1000)}.`);
        const retries = client.stats.retries + tally.retries;
        return { digest: image.digest, tally, requests: client.stats.requests, retries };
    }
    finally {
        client.close();
        await store?.close();
        await (0,promises_.rm)(tempDir, { recursive: true, force: true });
    }
}

// EXTERNAL MODULE: ./node_modules/@actions/exec/lib/exec.js + 3 modules
var exec = __webpack_require__(1260);
;// CONCATENATED MODULE: ./src/core/push/docker-push.ts
/**
 * The push of an image held by a docker daemon: `docker login --password-stdin` into a throw-away DOCKER_CONFIG (the
 * user's config and credential store are left alone), then `docker tag` and `docker push` for each tag.
 */








/** ECR's refusal of a push under an immutable tag that exists, as `docker push` prints it. */
const IMMUTABLE_REFUSAL = /tag invalid|TAG_INVALID|already exists in the .* repository and cannot be overwritten/i;
/** The image `tag` names in ECR: its digest, and its config digest (the image ID of a classic docker store). */
async function ecrTagImage(ecr, where) {
    const imageIds = [{ imageTag: where.tag }];
    const described = await ecr.send(new dist_cjs.DescribeImagesCommand({ repositoryName: where.repository, imageIds }));
    const digest = described.imageDetails?.[0]?.imageDigest;
    // Named so that ECR answers the manifest as it stores it; left out, it may convert it, and its config digest with it.
    const acceptedMediaTypes = [
        'application/vnd.oci.image.manifest.v1+json',
        'application/vnd.docker.distribution.manifest.v2+json',
        'application/vnd.oci.image.index.v1+json',
        'application/vnd.docker.distribution.manifest.list.v2+json',
    ];
    const got = await ecr.send(new dist_cjs.BatchGetImageCommand({ repositoryName: where.repository, imageIds, acceptedMediaTypes }));
    let config;
    try {
        config = JSON.parse(got.images?.[0]?.imageManifest ?? '{}').config?.digest;
    }
    catch {
        config = undefined;
    }
    return { digest, config };
}
/** `<tag>: digest: sha256:<hex> size: <n>`, the line `docker push` ends with. */
function digestFromPushOutput(output) {
    const matches = [...output.matchAll(/digest: (sha256:[a-f0-9]{64})/g)];
    return matches.length > 0 ? matches[matches.length - 1][1] : undefined;
}
/**
 * A fresh DOCKER_CONFIG that keeps the user's non-credential settings (current context, proxies) so that the same
 * daemon is used, but none of their stored credentials or helpers.
 */
async function temporaryDockerConfig(env) {
    const dir = await (0,promises_.mkdtemp)((0,external_node_path_.join)(env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(), 'docker-config-'));
    const userDir = env.DOCKER_CONFIG || (0,external_node_path_.join)((0,external_node_os_.homedir)(), '.docker');
    const settings = {};
    try {
        const user = JSON.parse(await (0,promises_.readFile)((0,external_node_path_.join)(userDir, 'config.json'), 'utf8'));
        for (const key of ['currentContext', 'proxies'])
            if (key in user)
                settings[key] = user[key];
    }
    catch {
        // no readable user config: start from nothing
    }
    await (0,promises_.writeFile)((0,external_node_path_.join)(dir, 'config.json'), JSON.stringify(settings), { mode: 0o600 });
    if ((0,external_node_fs_.existsSync)((0,external_node_path_.join)(userDir, 'contexts')))
        await (0,promises_.symlink)((0,external_node_path_.join)(userDir, 'contexts'), (0,external_node_path_.join)(dir, 'contexts'));
    return dir;
}
/** The docker CLI on the PATH of `env` (exec would search the PATH of this process instead). */
function findDocker(env) {
    for (const dir of (env.PATH ?? '').split(external_node_path_.delimiter)) {
        if (dir === '')
            continue;
        const candidate = (0,external_node_path_.join)(dir, 'docker');
        try {
            (0,external_node_fs_.accessSync)(candidate, external_node_fs_.constants.X_OK);
            return candidate;
        }
        catch {
            // not in this folder
        }
    }
    throw new Error('The docker CLI was not found on PATH; it is needed to push a `name:tag` or `docker-daemon:` image.');
}
async function docker(args, options) {
    let output = '';
    const code = await exec/* exec */.m(findDocker(options.env), args, {
        env: options.env,
        input: options.input,
        ignoreReturnCode: true,
        listeners: {
            stdout: (data) => (output += data.toString('utf8')),
            stderr: (data) => (output += data.toString('utf8')),
        },
    });
    if (code !== 0) {
        const tail = output.trim().split('\n').slice(-5).join('\n');
        throw new Error(`docker ${args[0]} failed with exit code ${code}${tail ? `:\n${tail}` : ''}`);
    }
    return output;
}
/**
 * `docker push` of one tag. ECR refuses a push under an immutable tag that exists even when it names this very image
 * (a re-run of the same workflow): then the tag's image in ECR is compared with the local one (its ID is the config
 * digest, or the manifest digest with the containerd image store) and the same image counts as pushed.
 */
async function pushTag(options) {
    const { target, tag, env } = options;
    let output;
    try {
        output = await docker(['push', target], { env });
    }
    catch (error) {
        if (!options.ecr || !IMMUTABLE_REFUSAL.test(error.message))
            throw error;
        const existing = await ecrTagImage(options.ecr, { repository: options.repository, tag });
        const local = (await docker(['image', 'inspect', '--format', '{{.Id}}', options.reference], { env })).trim();
        if (existing.digest && (local === existing.digest || local === existing.config)) {
            workflow/* info */.pq(`Tag ${tag} is immutable and already names this image (${existing.digest}): left as it is.`);
            return existing.digest;
        }
        throw immutableTagError({
            target: `${options.credentials.registry}/${options.repository}`,
            tag,
            existing: existing.digest ?? 'an image ECR did not describe',
            digest: `${local} (the local image's ID)`,
        });
    }
    const digest = digestFromPushOutput(output);
    if (!digest)
        throw new Error(`docker push ${target} printed no digest.`);
    return digest;
}
async function pushWithDocker(options) {
    const baseEnv = options.env ?? process.env;
    const { registry, username, password } = options.credentials;
    const config = await temporaryDockerConfig(baseEnv);
    const env = {};
    for (const [key, value] of Object.entries(baseEnv))
        if (value !== undefined)
            env[key] = value;
    env.DOCKER_CONFIG = config;
    try {
        await docker(['login', '--username', username, '--password-stdin', registry], {
            env,
            input: Buffer.from(password),
        });
        const tags = options.tags;
        const digests = new Set();
        workflow/* startGroup */.Oh(`docker push ${registry}/${options.repository} (${tags.join(', ')})`);
        try {
            for (const tag of tags) {
                const target = `${registry}/${options.repository}:${tag}`;
                await docker(['tag', options.reference, target], { env });
                const digest = await pushTag({ ...options, target, tag, env });
                digests.add(digest);
            }
        }
        finally {
            workflow/* endGroup */.N4();
        }
        if (digests.size > 1)
            throw new Error(`docker push gave different digests for one image: ${[...digests].join(', ')}.`);
        const [digest] = digests;
        workflow/* info */.pq(`Pushed ${registry}/${options.repository}@${digest} with docker (tags: ${tags.join(', ')}).`);
        return digest;
    }
    finally {
        await (0,promises_.rm)(config, { recursive: true, force: true });
    }
}

;// CONCATENATED MODULE: ./src/core/push/index.ts




/** `push` comes parsed and checked from the inputs layer: its source, tags and concurrency are not checked again. */
async function pushImage(push, deps) {
    const { source, tags } = push;
    const { repositoryUri, tagIsImmutable } = await ensureRepository(deps.ecr, push);
    const credentials = await getRegistryCredentials(deps.ecr);
    workflow/* info */.pq(`Pushing ${push.sourceName} to ${repositoryUri}`);
    const target = { repository: push.repository, tags, credentials, env: deps.env };
    const digest = source.kind === 'docker-daemon'
        ? await pushWithDocker({ reference: source.reference, ...target, ecr: deps.ecr })
        : (await pushDaemonless({ source, concurrency: push.concurrency, tagIsImmutable, ...target })).digest;
    return { repositoryUri, registry: credentials.registry, digest, imageUri: `${repositoryUri}@${digest}`, tags };
}

;// CONCATENATED MODULE: ./src/core/push/step.ts





/**
 * The image a push will produce, for the plan made before any change: in a dry run the repository's real URI and
 * the first tag, so the diff reads true; otherwise a stand-in of the same shape, since only its kind matters then.
 */
async function imageForPlan(context) {
    const { config } = context;
    const push = config.push;
    if (!push)
        throw new Error('imageForPlan needs a push.');
    if (!config.dryRun)
        return `000000000000.dkr.ecr.${config.region}.amazonaws.com/${push.repository}:${push.tags[0]}`;
    workflow/* info */.pq(`Would push ${push.sourceName} to ECR repository ${push.repository} (tags ${push.tags.join(', ')}).`);
    return `${await repositoryUriForPlan(context)}:${push.tags[0]}`;
}
/**
 * Pushes the local image and returns `<repositoryUri>@<digest>`: the service deploys exactly what was pushed. With
 * preflight, ECR is asked whether it has that digest before the service is told to pull it.
 */
async function pushAndCheck(context) {
    const { config, outcome } = context;
    const push = config.push;
    if (!push)
        throw new Error('pushAndCheck needs a push.');
    let imageUri;
    try {
        const pushed = await pushImage(push, { ecr: await context.clients.ecr() });
        outcome.imageDigest = pushed.digest;
        imageUri = outcome.imageUri = pushed.imageUri;
    }
    catch (error) {
        const { name, message } = error;
        const what = name && name !== 'Error' ? `${name}: ${message}` : message;
        throw new core_outcome/* DeployError */.s(`Push of ${push.sourceName} to ECR repository ${push.repository} failed: ${what} Nothing was deployed.`);
    }
    if (config.preflight) {
        // ECR repository URIs start with the registry's account: `123456789012.dkr.ecr.REGION.amazonaws.com/NAME`.
        const registryId = /^(\d{12})\./.exec(imageUri)?.[1];
        const ecr = registryId && {
            registryId,
            region: config.region,
            repository: push.repository,
            digest: outcome.imageDigest,
        };
        const image = { identifier: imageUri, registry: 'ECR', ecr: ecr || undefined };
        await (await lazy/* lazy */.R.preflight()).preflight({ context, secrets: {}, image });
    }
    return imageUri;
}
/** A read-only look-up; a repository that does not exist yet is shown with a placeholder account. */
async function repositoryUriForPlan(context) {
    const { repository } = context.config.push ?? { repository: '' };
    const uri = (await findRepository(await context.clients.ecr(), repository))?.repositoryUri;
    if (uri)
        return uri;
    workflow/* info */.pq(`ECR repository ${repository} does not exist yet: it would be created (account shown as 000000000000).`);
    return `000000000000.dkr.ecr.${context.config.region}.amazonaws.com/${repository}`;
}


/***/ })

};
