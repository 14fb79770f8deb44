import Fastify from 'fastify';
import type { Logger } from '../lib/logger';
import { registry } from '../lib/metrics';

/**
 * /health and /metrics for a process that serves nothing else (the projector), so that an
 * orchestrator can probe it and Prometheus can scrape it.
 */
export async function startHealthServer(options: {
  host: string;
  port: number;
  logger: Logger;
  ready: () => boolean;
}): Promise<{ close(): Promise<void> }> {
  const app = Fastify({ logger: false });
  app.get('/health', async (_request, reply) =>
    options.ready() ? { status: 'ok' } : reply.code(503).send({ status: 'starting' }),
  );
  app.get('/metrics', async (_request, reply) =>
    reply.type(registry.contentType).send(await registry.metrics()),
  );
  await app.listen({ host: options.host, port: options.port });
  options.logger.info(
    { url: `http://${options.host}:${options.port}/health` },
    'health endpoint up',
  );
  return { close: () => app.close() };
}
