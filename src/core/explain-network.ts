import { describeEndpoint, failedRequest } from './aws/requests.js';

/** What each failure below HTTP means, and what to look at. */
const CAUSES: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused: nothing accepts connections at that address',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name could not be resolved (DNS did not answer)',
  ETIMEDOUT: 'no answer came in time',
  TimeoutError: 'no answer came within 30s',
  ECONNRESET: 'the connection was dropped before the answer',
  EPIPE: 'the connection was dropped while sending',
  EHOSTUNREACH: 'the host cannot be reached from this runner',
  ENETUNREACH: 'the network cannot be reached from this runner',
};

function codeOf(error: unknown): string | undefined {
  for (let cause = error, depth = 0; cause && depth < 5; depth += 1) {
    const { code, name } = cause as { code?: string; name?: string };
    if (code && code in CAUSES) return code;
    if (name && name in CAUSES) return name;
    cause = (cause as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * A request that got no HTTP answer at all (refused, unresolvable, dropped, timed out), told with the endpoint the SDK
 * used, where that endpoint came from and what to check; undefined for any other error.
 */
export function explainNetwork(error: unknown): string | undefined {
  const code = codeOf(error);
  const request = failedRequest(error);
  if (!code || !request) return undefined;
  const check = request.variable
    ? `check ${request.variable} (the address, the port, that the endpoint is up), or unset it to use AWS's endpoint`
    : 'check the region, and that this runner can reach AWS (proxy settings such as HTTPS_PROXY, a firewall, DNS)';
  return (
    `${request.call} could not reach ${describeEndpoint(request)}: ${CAUSES[code]} (${code}), after the SDK's ` +
    `retries; the run stopped there. What to do: ${check}.`
  );
}
