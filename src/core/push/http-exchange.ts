/**
 * One HTTP exchange with the registry: no retry, no status check. It ends on its own when the connection goes idle
 * (a registry or proxy that stops answering would otherwise hang the push forever) and when any of its stop signals
 * fires (the client closed, or another upload of the push failed).
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { Writable } from 'node:stream';
import { idleTimeoutError, stoppedError } from './registry-errors.js';

/** Writes a request body, honouring the sink's write callbacks; the client ends the request after it resolves. */
export type BodyWriter = (sink: Writable) => Promise<void>;

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface HttpExchange {
  request: http.RequestOptions & { path: string };
  secure: boolean;
  body?: Buffer | BodyWriter;
  /** For the timeout message: `PATCH registry.example/v2/...`. */
  label: string;
  idleTimeoutMs: number;
  /** Each one stops the exchange; its reason, when an Error, is what the exchange fails with. */
  stops: (AbortSignal | undefined)[];
}

const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

function stopReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error && signal.reason.name !== 'AbortError' ? signal.reason : stoppedError();
}

export function exchange(options: HttpExchange): Promise<HttpResponse> {
  const signals = options.stops.filter((s): s is AbortSignal => s !== undefined);
  const already = signals.find((s) => s.aborted);
  if (already) return Promise.reject(stopReason(already));
  return new Promise<HttpResponse>((resolve, reject) => {
    let settled = false;
    // Why we ended the request ourselves: that explains the failure better than the socket error it causes.
    let cause: Error | undefined;
    const listeners = signals.map((signal) => {
      const listener = () => stop(stopReason(signal));
      signal.addEventListener('abort', listener, { once: true });
      return () => signal.removeEventListener('abort', listener);
    });
    const finish = (error: unknown, response?: HttpResponse) => {
      if (settled) return;
      settled = true;
      for (const remove of listeners) remove();
      if (response) resolve(response);
      else reject(cause ?? error);
    };
    const transport = options.secure ? https : http;
    let incoming: http.IncomingMessage | undefined;
    const request = transport.request(options.request, (response) => {
      incoming = response;
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_RESPONSE_BYTES) chunks.push(chunk);
      });
      response.once('end', () =>
        finish(undefined, { status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
      response.once('error', finish);
      response.once('close', () => {
        if (!response.complete) finish(Object.assign(new Error('socket hang up mid-response'), { code: 'ECONNRESET' }));
      });
    });
    const stop = (error: Error) => {
      cause ??= error;
      request.destroy(error);
      incoming?.destroy(error);
    };
    request.setTimeout(options.idleTimeoutMs, () => stop(idleTimeoutError(options.label, options.idleTimeoutMs)));
    request.once('error', finish);
    request.once('close', () => {
      if (!incoming) finish(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    });
    const { body } = options;
    if (typeof body !== 'function') {
      request.end(body);
      return;
    }
    body(request).then(
      () => request.end(),
      (error: unknown) => {
        // A write that failed because the request was already torn down says nothing new; the request's own error
        // (or our cause) settles the exchange. A failure of the body itself (a digest mismatch) is the cause.
        if (request.destroyed) return;
        stop(error as Error);
        finish(error);
      },
    );
  });
}
