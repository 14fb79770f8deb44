import Fastify from 'fastify';

/**
 * Sits between the connector and the Shopify sandbox and fails chosen requests once with a 400,
 * passing everything else through untouched: a network-side fault at an exact point (the second
 * page of customers), which the sandbox's random knobs cannot aim. Keys are
 * `operationName:after`, e.g. `Customers:` for the first page, `Customers:<cursor>` for a later.
 */
export async function startFaultyProxy(target: string, failOnce: (key: string) => boolean) {
  const app = Fastify();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) =>
    done(null, body),
  );
  app.post('/admin/api/:version/graphql.json', async (req, reply) => {
    const raw = String(req.body);
    const { query, variables } = JSON.parse(raw) as {
      query: string;
      variables?: Record<string, unknown>;
    };
    const operation = /^\s*(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? 'anonymous';
    if (failOnce(`${operation}:${String(variables?.after ?? '')}`)) {
      return reply.code(400).send({ errors: 'injected by the faulty proxy' });
    }
    const token = req.headers['x-shopify-access-token'];
    const answer = await fetch(`${target}${req.url}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(typeof token === 'string' ? { 'x-shopify-access-token': token } : {}),
      },
      body: raw,
      signal: AbortSignal.timeout(10_000),
    });
    return reply
      .code(answer.status)
      .type(answer.headers.get('content-type') ?? 'application/json')
      .send(await answer.text());
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url, close: () => app.close() };
}
