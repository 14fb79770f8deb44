import Fastify from 'fastify';
import { connectorReadiness, connectorStatuses } from '../lib/connector-status';
import type { Logger } from '../lib/logger';
import { registry } from '../lib/metrics';

/**
 * /health, /ready and /metrics for a process that serves nothing else (the projector, `plexus
 * connect`), so that an orchestrator can probe it and Prometheus can scrape it. /ready lists the
 * process's connectors: `degraded` while one backs off or fails, 503 then only when asked with
 * `?connectors=all` (as the gateway's).
 */
export async function startHealthServer(options: {
  host: string;
  port: number;
  logger: Logger;
  ready: () => boolean;
}): Promise<{ url: string; close(): Promise<void> }> {
  const app = Fastify({ logger: false, connectionTimeout: 10_000, requestTimeout: 10_000 });
  app.get('/health', async (_request, reply) =>
    options.ready() ? { status: 'ok' } : reply.code(503).send({ status: 'starting' }),
  );
  app.get<{ Querystring: { connectors?: string } }>('/ready', async (request, reply) => {
    const connectors = connectorStatuses();
    const healthy = connectorReadiness(connectors) === 'ready';
    const ready = options.ready() && (healthy || request.query.connectors !== 'all');
    const status = !ready ? 'unready' : healthy ? 'ready' : 'degraded';
    return reply.code(ready ? 200 : 503).send({ status, connectors });
  });
  app.get('/metrics', async (_request, reply) =>
    reply.type(registry.contentType).send(await registry.metrics()),
  );
  const url = await app.listen({ host: options.host, port: options.port });
  options.logger.info({ url: `${url}/health` }, 'health endpoint up');
  return { url, close: () => app.close() };
}
