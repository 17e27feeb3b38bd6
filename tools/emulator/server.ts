/**
 * One node:http server for every emulated control plane: `POST /` dispatched on X-Amz-Target (after SigV4
 * verification), and the GitHub deployments API under `/repos/`.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { appRunnerHandlers } from './apprunner/index.ts';
import { ecrHandlers } from './ecr/index.ts';
import { ECS_SERVER_FAULT, ECS_TARGET_PREFIX, ecsErrorBody, ecsHandlers } from './ecs/index.ts';
import { AwsError, errorBody, SERVER_FAULT, type AwsServiceName } from './errors.ts';
import { takeFault } from './faults.ts';
import { handleGithub } from './github.ts';
import type { Handler, HandlerTable } from './handler.ts';
import { parseBody, type Json } from './json.ts';
import { logsHandlers } from './logs.ts';
import { checkRequest } from './model/check.ts';
import { secretsHandlers } from './secrets.ts';
import { ssmHandlers } from './ssm.ts';
import { verifySignature } from './sigv4.ts';
import type { CallRecord, EmulatorState, FaultKind } from './state.ts';

interface Api {
  /** The signing service name; ECS keeps its error style in its own module (ecs/errors.ts). */
  service: AwsServiceName | 'ecs';
  jsonVersion: '1.0' | '1.1';
  handlers: HandlerTable;
}

const APIS: Record<string, Api> = {
  AppRunner: { service: 'apprunner', jsonVersion: '1.0', handlers: appRunnerHandlers },
  AmazonEC2ContainerRegistry_V20150921: { service: 'ecr', jsonVersion: '1.1', handlers: ecrHandlers },
  secretsmanager: { service: 'secretsmanager', jsonVersion: '1.1', handlers: secretsHandlers },
  AmazonSSM: { service: 'ssm', jsonVersion: '1.1', handlers: ssmHandlers },
  Logs_20140328: { service: 'logs', jsonVersion: '1.1', handlers: logsHandlers },
  [ECS_TARGET_PREFIX]: { service: 'ecs', jsonVersion: '1.1', handlers: ecsHandlers },
};

const serverFault = (service: Api['service']): string => (service === 'ecs' ? ECS_SERVER_FAULT : SERVER_FAULT[service]);

/** Operations that only read; every other operation changes (or tries to change) something. */
const READS = /^(Describe|List|Get|BatchGet|BatchCheck|Filter)[A-Z]/;

const isMutating = (operation: string): boolean => operation !== '' && !READS.test(operation);

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, init: { status: number; body: string; headers: Record<string, string> }): void {
  response.writeHead(init.status, {
    ...init.headers,
    'content-length': String(Buffer.byteLength(init.body)),
    'x-amzn-requestid': randomUUID(),
  });
  response.end(init.body);
}

function sendAwsError(response: ServerResponse, init: { api: Api; error: AwsError }): void {
  send(response, {
    status: init.error.status,
    body: init.api.service === 'ecs' ? ecsErrorBody(init.error) : errorBody(init.api.service, init.error),
    headers: { 'content-type': `application/x-amz-json-${init.api.jsonVersion}`, 'x-amzn-errortype': init.error.type },
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());

interface Exchange {
  state: EmulatorState;
  request: IncomingMessage;
  response: ServerResponse;
  body: Buffer;
}

/**
 * Applies an injected fault that answers instead of the handler; true when it already answered (or dropped) the
 * request. `slow` only delays; `reset-after` acts once the handler has run (in handleAws).
 */
async function applyFault(
  exchange: Exchange,
  init: { api: Api; call: CallRecord; kind: FaultKind; delayMs: number },
): Promise<boolean> {
  const { call, kind } = init;
  if (kind === 'slow') {
    await sleep(init.delayMs);
    return false;
  }
  if (kind === 'reset-after') return false;
  if (kind === 'reset') {
    call.error = 'ConnectionReset';
    exchange.request.socket.destroy();
    return true;
  }
  const error =
    kind === 'throttle'
      ? new AwsError({ type: 'ThrottlingException', message: 'Rate exceeded' })
      : new AwsError({ type: serverFault(init.api.service), message: 'An internal error occurred.', status: 500 });
  call.error = error.type;
  sendAwsError(exchange.response, { api: init.api, error });
  return true;
}

function parseOrRaw(body: Buffer): Json {
  try {
    return parseBody(body.toString('utf8'));
  } catch {
    return body.toString('utf8');
  }
}

/** An unknown target names no protocol of its own: its refusal is shaped as JSON 1.1. */
const UNKNOWN_API: Api = { service: 'apprunner', jsonVersion: '1.1', handlers: {} };

async function handleAws(exchange: Exchange): Promise<void> {
  const { state, request, response, body } = exchange;
  const target = String(request.headers['x-amz-target'] ?? '');
  const [prefix, operation = ''] = target.split('.', 2);
  const api: Api | undefined = Object.hasOwn(APIS, prefix) ? APIS[prefix] : undefined;
  // Own members only: `AppRunner.toString` must be an unknown operation, not Object.prototype.toString.
  const handler: Handler | undefined =
    api && Object.hasOwn(api.handlers, operation) ? api.handlers[operation] : undefined;
  const call: CallRecord = {
    service: api?.service ?? 'unknown',
    operation,
    input: parseOrRaw(body),
    at: Date.now(),
    mutating: isMutating(operation),
    known: handler !== undefined,
    authenticated: false,
  };
  state.calls.push(call);
  let lostAnswer = false;
  try {
    if (!api) throw new AwsError({ type: 'UnknownOperationException', message: `Unknown target '${target}'` });
    await verifySignature(
      { method: request.method ?? 'POST', url: request.url ?? '/', headers: request.headers, body },
      { region: state.region, service: api.service },
    );
    call.authenticated = true;
    // The account's rate is spent by every signed request, whatever becomes of it; a throttled one changes nothing.
    if (!state.rateLimiter.take(api.service)) {
      throw new AwsError({ type: 'ThrottlingException', message: 'Rate exceeded' });
    }
    if (!handler) throw new AwsError({ type: 'UnknownOperationException', message: `Unknown operation ${operation}` });
    const fault = takeFault(state, operation, api.service);
    if (fault) call.fault = fault.kind;
    if (fault && (await applyFault(exchange, { api, call, ...fault }))) return;
    lostAnswer = fault?.kind === 'reset-after';
    const input = parseBody(body.toString('utf8'));
    // AWS's front end checks the model's constraints before the service sees the request.
    checkRequest({ service: api.service, operation, input });
    const output = await handler(state, input);
    if (lostAnswer) {
      call.error = 'ConnectionReset';
      request.socket.destroy();
      return;
    }
    send(response, {
      status: 200,
      body: JSON.stringify(output),
      headers: { 'content-type': `application/x-amz-json-${api.jsonVersion}` },
    });
  } catch (caught) {
    const error =
      caught instanceof AwsError
        ? caught
        : new AwsError({
            type: serverFault((api ?? UNKNOWN_API).service),
            status: 500,
            message: (caught as Error).message,
          });
    call.error = error.type;
    // The refusal was reached (the request was applied, as far as it goes), and its answer is lost all the same.
    if (lostAnswer) {
      request.socket.destroy();
      return;
    }
    sendAwsError(response, { api: api ?? UNKNOWN_API, error });
  }
}

async function route(state: EmulatorState, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const body = await readBody(request);
  const path = request.url ?? '/';
  if (path.startsWith('/repos/')) {
    const answer = handleGithub(state, {
      method: request.method ?? 'GET',
      path,
      authorization: request.headers.authorization,
      body: body.toString('utf8'),
    });
    send(response, {
      status: answer.status,
      body: JSON.stringify(answer.body),
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    return;
  }
  if (request.method === 'POST' && path.split('?')[0] === '/') {
    await handleAws({ state, request, response, body });
    return;
  }
  // Not an AWS API request, yet still a request someone sent: it goes in the call log too.
  state.calls.push({
    service: 'unknown',
    operation: '',
    input: parseOrRaw(body),
    at: Date.now(),
    mutating: false,
    known: false,
    authenticated: false,
    error: 'NotFound',
  });
  send(response, {
    status: 404,
    body: JSON.stringify({ message: 'Not Found' }),
    headers: { 'content-type': 'application/json' },
  });
}

export function createEmulatorServer(state: EmulatorState): Server {
  return createServer((request, response) => {
    route(state, request, response).catch((error: unknown) => {
      if (!response.headersSent) {
        send(response, {
          status: 500,
          body: JSON.stringify({ message: String(error) }),
          headers: { 'content-type': 'application/json' },
        });
      }
    });
  });
}
