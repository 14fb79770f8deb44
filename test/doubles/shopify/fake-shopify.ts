import Fastify from 'fastify';

/**
 * A tiny scripted stand-in for the Admin GraphQL endpoint, for this folder's tests over real HTTP.
 * Each test supplies the answers; the real imitation of Shopify is the sandbox, which the
 * connector meets only in the end-to-end tests.
 */

export interface FakeRequest {
  query: string;
  variables: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  url: string;
}

export interface FakeAnswer {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Responder = (request: FakeRequest) => FakeAnswer | Promise<FakeAnswer>;

export const cost = (requested: number, available = 2000 - requested) => ({
  cost: {
    requestedQueryCost: requested,
    actualQueryCost: requested,
    throttleStatus: { maximumAvailable: 2000, currentlyAvailable: available, restoreRate: 100 },
  },
});

export const ok = (data: unknown, requested = 10): FakeAnswer => ({
  body: { data, extensions: cost(requested) },
});

export async function startFakeShopify(responder: Responder, files: Record<string, string> = {}) {
  const requests: FakeRequest[] = [];
  const app = Fastify();
  app.post('/admin/api/:version/graphql.json', async (req, reply) => {
    const { query, variables } = req.body as { query: string; variables?: Record<string, unknown> };
    const request = { query, variables: variables ?? {}, headers: req.headers, url: req.url };
    requests.push(request);
    const answer = await responder(request);
    reply.code(answer.status ?? 200).headers(answer.headers ?? {});
    return answer.body === undefined ? reply.send() : reply.send(answer.body);
  });
  app.get('/files/:name', async (req, reply) => {
    const content = files[(req.params as { name: string }).name];
    return content === undefined
      ? reply.code(404).send()
      : reply.type('application/jsonl').send(content);
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url, requests, close: () => app.close() };
}
