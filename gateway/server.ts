import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { fastifyApolloDrainPlugin, fastifyApolloHandler } from '@as-integrations/fastify';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Authenticate } from '../lib/auth/authenticate';
import { createLogger, type Logger } from '../lib/logger';
import { registry } from '../lib/metrics';
import { defaultSubgraphUrl, subgraphNames } from '../schema/subgraphs/index';
import { authentication, type GatewayContext } from './authentication';
import { dataSourceBuilder, type SubgraphTargets } from './data-sources';
import { gatewayErrorFormatter } from './errors';
import { registerHealth } from './health';
import { registerIde } from './ide';
import { loadSupergraphSdl } from './supergraph';

export interface GatewayOptions {
  host?: string;
  /** 0 picks a free port (tests). */
  port?: number;
  /** Per subgraph: a URL, or a GraphQLSchema to call in-process. Unnamed ones use the default URL. */
  subgraphs?: SubgraphTargets;
  /** Defaults to the checked-in schema/supergraph.graphql. */
  supergraphSdl?: string;
  subgraphTimeoutMs?: number;
  logger?: Logger;
  /** Who is calling (lib/auth/authenticate.ts); a request it refuses gets 401. */
  authenticate: Authenticate;
  /** Signs calls to subgraphs over HTTP (PLEXUS_SUBGRAPH_SECRET); unused in-process. */
  subgraphSecret?: string;
  /** Headers the IDE sends, e.g. the demo key's `Authorization`. */
  ideHeaders?: Record<string, string>;
}

export interface RunningGateway {
  /** e.g. http://127.0.0.1:4000/graphql */
  url: string;
  ideUrl: string;
  app: FastifyInstance;
  apollo: ApolloServer<GatewayContext>;
  stop(): Promise<void>;
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? createLogger('gateway');
  const timeoutMs = options.subgraphTimeoutMs ?? 10_000;
  const targets: SubgraphTargets = {
    ...Object.fromEntries(subgraphNames.map((name) => [name, defaultSubgraphUrl(name)])),
    ...options.subgraphs,
  };

  // @apollo/gateway otherwise probes cloud metadata addresses and ships usage metrics to Apollo
  // from its constructor. Plexus runs offline by default; set it to "false" to opt in.
  process.env.APOLLO_TELEMETRY_DISABLED ??= 'true';
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl ?? loadSupergraphSdl(),
    buildService: dataSourceBuilder(targets, timeoutMs, logger, options.subgraphSecret),
    logger,
  });
  const app: FastifyInstance = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // One line per GraphQL request would drown the log; errors are logged where they are mapped.
    logController: new LogController({ disableRequestLogging: true }),
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: true,
    // Shutdown belongs to the CLI (cli/shutdown.ts); Apollo's own handler would re-raise the signal.
    stopOnTerminationSignals: false,
    formatError: gatewayErrorFormatter(logger),
    includeStacktraceInErrorResponses: false,
    plugins: [ApolloServerPluginLandingPageDisabled(), fastifyApolloDrainPlugin(app)],
    logger,
  });
  await apollo.start();
  let loaded = true;
  const auth = authentication(options.authenticate);

  app.route<{ Reply: string }>({
    url: '/graphql',
    method: ['GET', 'POST', 'OPTIONS'],
    // A browser opening the printed URL gets the IDE rather than a 400 for a missing query.
    onRequest: async (request, reply) => {
      const html = request.headers.accept?.includes('text/html') ?? false;
      const query = request.query as Record<string, unknown> | undefined;
      if (request.method === 'GET' && html && !query?.query) return reply.redirect('/ide/');
    },
    preHandler: auth.hook,
    handler: fastifyApolloHandler(apollo, { context: auth.contextOf }),
  });
  registerIde(app, { path: '/ide', endpoint: '/graphql', headers: options.ideHeaders });
  app.get('/', (_request, reply) => reply.redirect('/ide/'));
  registerHealth(app, {
    isLoaded: () => loaded,
    targets,
    subgraphSecret: options.subgraphSecret,
    probeTimeoutMs: Math.min(timeoutMs, 2_000),
  });
  app.get('/metrics', async (_request, reply) =>
    reply.type(registry.contentType).send(await registry.metrics()),
  );

  await app.listen({ host, port: options.port ?? 4000 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  logger.info({ url: `${origin}/graphql` }, 'gateway listening');

  return {
    url: `${origin}/graphql`,
    ideUrl: `${origin}/ide/`,
    app,
    apollo,
    async stop() {
      loaded = false;
      // Closing fastify drains in-flight requests and stops Apollo (and the gateway) with it.
      await app.close();
      await apollo.stop();
    },
  };
}
