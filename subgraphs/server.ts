import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { fastifyApolloDrainPlugin, fastifyApolloHandler } from '@as-integrations/fastify';
import type { SqlEntityManager } from '@mikro-orm/knex';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { errorMessage } from '../lib/errors';
import { createLogger } from '../lib/logger';
import { registry } from '../lib/metrics';
import { fastifyLimits } from '../lib/server-limits';
import type { SubgraphName } from '../schema/subgraphs/index';
import type { SubgraphOptions } from './common/schema';
import { createSubgraphSchema } from './index';

export interface SubgraphServerOptions extends SubgraphOptions {
  /** The ORM's root EntityManager (`orm.em`); each request works on its own fork. */
  em: SqlEntityManager;
  host?: string;
  /** 0 picks a free port (tests). */
  port: number;
}

export interface RunningSubgraph {
  name: SubgraphName;
  /** e.g. http://127.0.0.1:4001/graphql */
  url: string;
  app: FastifyInstance;
  stop(): Promise<void>;
}

/**
 * Serves one subgraph over HTTP (distributed mode): POST /graphql, /health (the process answers),
 * /ready (the store answers), /metrics.
 */
export async function startSubgraph(
  name: SubgraphName,
  options: SubgraphServerOptions,
): Promise<RunningSubgraph> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? createLogger(`subgraph.${name}`);
  const app: FastifyInstance = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // One line per GraphQL request would drown the log; errors are logged where they are mapped.
    logController: new LogController({ disableRequestLogging: true }),
    // The gateway's entity fetches carry thousands of representations: more than 1 MiB.
    ...fastifyLimits({ bodyLimit: 16 * 1024 * 1024 }),
  });
  const apollo = new ApolloServer({
    schema: createSubgraphSchema(name, options.em, { ...options, logger }),
    introspection: true,
    // Shutdown belongs to the CLI (cli/shutdown.ts); Apollo's own handler would re-raise the signal.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    plugins: [ApolloServerPluginLandingPageDisabled(), fastifyApolloDrainPlugin(app)],
    logger,
  });
  await apollo.start();

  // A fresh context object per request: the schema keys its per-request loaders on it.
  app.route({
    url: '/graphql',
    method: ['GET', 'POST', 'OPTIONS'],
    handler: fastifyApolloHandler(apollo, { context: async () => ({}) }),
  });
  app.get('/health', () => ({ status: 'ok' }));
  app.get('/ready', async (_request, reply) => {
    try {
      await options.em.getConnection().execute('select 1');
      return { status: 'ready' };
    } catch (error) {
      return reply.code(503).send({ status: 'unready', error: errorMessage(error) });
    }
  });
  app.get('/metrics', async (_request, reply) =>
    reply.type(registry.contentType).send(await registry.metrics()),
  );

  await app.listen({ host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/graphql`;
  logger.info({ url }, 'subgraph listening');
  return {
    name,
    url,
    app,
    async stop() {
      await app.close();
      await apollo.stop();
    },
  };
}
