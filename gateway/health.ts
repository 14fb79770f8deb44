import type { FastifyInstance } from 'fastify';
import { signCallerToken, callerTokenHeader } from '../lib/auth/subgraph-token';
import { errorMessage } from '../lib/errors';
import type { SubgraphTargets } from './data-sources';

export interface SubgraphStatus {
  name: string;
  mode: 'in-process' | 'http';
  up: boolean;
  error?: string;
}

/**
 * Asks a subgraph the smallest question there is, signed as a caller with no scope; any GraphQL
 * answer means it is serving, and that it shares the gateway's secret.
 */
async function probe(
  name: string,
  url: string,
  secret: string | undefined,
  timeoutMs: number,
): Promise<string | undefined> {
  try {
    const body = JSON.stringify({ query: '{ __typename }' });
    const caller = { id: 'gateway-health', scopes: new Set<string>() };
    const token = secret ? await signCallerToken(secret, { caller, subgraph: name, body }) : '';
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [callerTokenHeader]: token },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    return response.ok ? undefined : `HTTP ${response.status}`;
  } catch (error) {
    return errorMessage(error);
  }
}

export async function subgraphStatuses(
  targets: SubgraphTargets,
  timeoutMs: number,
  secret?: string,
): Promise<SubgraphStatus[]> {
  return Promise.all(
    Object.entries(targets).map(async ([name, target]): Promise<SubgraphStatus> => {
      if (typeof target !== 'string') return { name, mode: 'in-process', up: true };
      const error = await probe(name, target, secret, timeoutMs);
      return error ? { name, mode: 'http', up: false, error } : { name, mode: 'http', up: true };
    }),
  );
}

/**
 * `/health` is liveness: the process answers. `/ready` is readiness: the supergraph is loaded.
 * A down subgraph does not make the gateway unready (it still serves partial answers), unless the
 * caller asks for `/ready?subgraphs=all`.
 */
export function registerHealth(
  app: FastifyInstance,
  state: {
    isLoaded(): boolean;
    targets: SubgraphTargets;
    subgraphSecret?: string;
    probeTimeoutMs: number;
  },
) {
  app.get('/health', () => ({ status: 'ok' }));
  app.get<{ Querystring: { subgraphs?: string } }>('/ready', async (request, reply) => {
    const subgraphs = await subgraphStatuses(
      state.targets,
      state.probeTimeoutMs,
      state.subgraphSecret,
    );
    const loaded = state.isLoaded();
    const strict = request.query.subgraphs === 'all';
    const ready = loaded && (!strict || subgraphs.every((s) => s.up));
    return reply
      .code(ready ? 200 : 503)
      .send({ status: ready ? 'ready' : 'unready', loaded, subgraphs });
  });
}
