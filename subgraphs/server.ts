import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { fastifyApolloDrainPlugin, fastifyApolloHandler } from '@as-integrations/fastify';
import type { SqlEntityManager } from '@mikro-orm/knex';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { callerTokenHeader, verifyCallerToken } from '../lib/auth/subgraph-token';
import type { Caller } from '../lib/auth/scopes';
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
  /** Shared with the gateway (PLEXUS_SUBGRAPH_SECRET): only calls it signed are answered. */
  secret: string;
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
 * /ready (the store answers), /metrics. /graphql answers only calls the gateway signed, over the
 * raw bytes of their body (lib/auth/subgraph-token.ts); anything else gets 401.
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

  // The signature covers the bytes received, so the parser keeps them beside the parsed body.
  const rawBodies = new WeakMap<object, Buffer>();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    rawBodies.set(request, body as Buffer);
    try {
      done(null, JSON.parse(body.toString('utf8')));
    } catch {
      done(Object.assign(new Error('Body is not valid JSON'), { statusCode: 400 }), undefined);
    }
  });
  const callers = new WeakMap<object, Caller>();
  const verifyCaller = async (request: FastifyRequest, reply: FastifyReply) => {
    const token = request.headers[callerTokenHeader];
    const result =
      typeof token === 'string'
        ? await verifyCallerToken(options.secret, token, {
            subgraph: name,
            body: rawBodies.get(request) ?? Buffer.alloc(0),
          })
        : { valid: false as const, reason: 'no caller token' };
    if (result.valid) {
      callers.set(request, result.caller);
      return;
    }
    // Debug only: anyone who can reach the port could fill the log. A gateway with the wrong secret
    // shows on its /ready?subgraphs=all.
    logger.debug({ reason: result.reason }, 'refused an unsigned or badly signed call');
    return reply.code(401).send({
      errors: [
        {
          message: 'Unauthenticated: subgraphs answer only the gateway',
          extensions: { code: 'UNAUTHENTICATED' },
        },
      ],
    });
  };
  // A fresh context object per request: the schema keys its per-request loaders on it.
  app.route({
    url: '/graphql',
    // POST only: a GET's query is in the URL, outside the signed body.
    method: ['POST'],
    preHandler: verifyCaller,
    handler: fastifyApolloHandler(apollo, {
      context: async (request) => ({ caller: callers.get(request) }),
    }),
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
