import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import type { Authenticate } from '../lib/auth/authenticate';
import { createLogger, type Logger } from '../lib/logger';
import { registry } from '../lib/metrics';
import { fastifyLimits, type ServerLimits } from '../lib/server-limits';
import { defaultSubgraphUrl, subgraphNames } from '../schema/subgraphs/index';
import { authentication, type GatewayContext } from './authentication';
import { CostBuckets, type CostBucketOptions } from './cost-bucket';
import { dataSourceBuilder, type SubgraphTargets } from './data-sources';
import { PersistedQueries, type TrustedDocuments } from './documents';
import { gatewayErrorFormatter } from './errors';
import { registerHealth } from './health';
import { allowedHosts, registerHttpGuards } from './http-guards';
import { defaultInFlightLimits, InFlight, limitInFlight, type InFlightLimits } from './in-flight';
import { registerIde } from './ide';
import { costPlugin, pricedHandler, type PricedContext } from './pricing';
import { defaultQueryLimits, QueryGuard, type QueryLimits } from './query-guard';
import type { Stream } from '../streams/stream';
import { ChangeFeed } from './subscriptions/feed';
import { subscriptionSchema } from './subscriptions/schema';
import {
  defaultSubscriptionLimits,
  registerSubscriptions,
  type SubscriptionLimits,
} from './subscriptions/server';
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
  /** Schema introspection and "Did you mean" suggestions; off unless asked for. */
  introspection?: boolean;
  /** Host names clients may call the gateway by; empty: loopback and `host`. */
  allowedHosts?: readonly string[];
  /** When given, only these operations run. */
  trustedDocuments?: TrustedDocuments;
  queryLimits?: Partial<QueryLimits>;
  /** The per-caller leaky bucket; Shopify Standard's by default. */
  costBucket?: Partial<CostBucketOptions>;
  /** GraphQL requests running at once, overall and per caller (gateway/in-flight.ts). */
  inFlight?: Partial<InFlightLimits>;
  server?: Partial<ServerLimits>;
  /** Who is calling (lib/auth/authenticate.ts); a request it refuses gets 401. */
  authenticate: Authenticate;
  /** Signs calls to subgraphs over HTTP (PLEXUS_SUBGRAPH_SECRET); unused in-process. */
  subgraphSecret?: string;
  /** Headers the IDE sends, e.g. the demo key's `Authorization`. */
  ideHeaders?: Record<string, string>;
  /**
   * GraphQL subscriptions over WebSocket, fed by the canonical topics of `stream` (Kafka, or the
   * in-process stream of the embedded mode). Without it the gateway serves no subscriptions.
   */
  subscriptions?: {
    stream: Stream;
    /** TOPIC_NAMESPACE */
    namespace: string;
    limits?: Partial<SubscriptionLimits>;
  };
}

/** Shopify Standard: 100 points a second, 20 seconds' worth in the bucket. */
export const defaultCostBucket = { maximumAvailable: 2_000, restoreRate: 100 };

/** Who is calling, and what their query was priced at. */
type ServerContext = GatewayContext & PricedContext;

export interface RunningGateway {
  /** e.g. http://127.0.0.1:4000/graphql */
  url: string;
  /** The same endpoint for graphql-ws clients, e.g. ws://127.0.0.1:4000/graphql */
  subscriptionsUrl: string;
  ideUrl: string;
  app: FastifyInstance;
  apollo: ApolloServer<ServerContext>;
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
    ...fastifyLimits({ bodyLimit: 256 * 1024, ...options.server }),
  });
  registerHttpGuards(app, allowedHosts(options.allowedHosts ?? [], host));
  const introspection = options.introspection ?? false;
  const limits = { ...defaultQueryLimits, ...options.queryLimits };
  const buckets = new CostBuckets({ ...defaultCostBucket, ...options.costBucket });
  // The API schema comes from the supergraph when the gateway loads it; pricing needs it.
  let schema: GraphQLSchema | undefined;
  let guard: QueryGuard | undefined;
  let subscriptionSide: { schema: GraphQLSchema; guard: QueryGuard } | undefined;
  gateway.onSchemaLoadOrUpdate(({ apiSchema }) => {
    schema = apiSchema;
    guard = new QueryGuard(apiSchema, limits);
    if (options.subscriptions) {
      const withSubscriptions = subscriptionSchema(apiSchema);
      subscriptionSide = {
        schema: withSubscriptions,
        guard: new QueryGuard(withSubscriptions, limits),
      };
    }
  });
  const loadedSchema = () => {
    if (!schema) throw new Error('the gateway has not loaded its schema');
    return schema;
  };
  const apollo = new ApolloServer<ServerContext>({
    gateway,
    introspection,
    // Documents arrive priced from the pricing step, which keeps its own APQ store.
    persistedQueries: false,
    // Shutdown belongs to the CLI (cli/shutdown.ts); Apollo's own handler would re-raise the signal.
    stopOnTerminationSignals: false,
    formatError: gatewayErrorFormatter(logger, { suggestions: introspection }),
    includeStacktraceInErrorResponses: false,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      fastifyApolloDrainPlugin(app),
      costPlugin(loadedSchema, buckets),
    ],
    logger,
  });
  await apollo.start();
  let loaded = true;
  const auth = authentication(options.authenticate);
  const handler = pricedHandler(apollo, {
    guard: () => {
      if (!guard) throw new Error('the gateway has not loaded its schema');
      return guard;
    },
    documents: options.trustedDocuments ?? new PersistedQueries(),
    buckets,
    // Each authenticated caller has its own bucket.
    callerKey: (request) => auth.callerOf(request).id,
    contextOf: auth.contextOf,
  });

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
    handler: limitInFlight(
      new InFlight({ ...defaultInFlightLimits, ...options.inFlight }),
      (request) => auth.callerOf(request).id,
      handler,
    ),
  });
  const feed = options.subscriptions
    ? new ChangeFeed({
        stream: options.subscriptions.stream,
        namespace: options.subscriptions.namespace,
        logger: logger.child({ part: 'subscriptions' }),
      })
    : undefined;
  const subscriptions =
    feed &&
    registerSubscriptions({
      app,
      path: '/graphql',
      hosts: allowedHosts(options.allowedHosts ?? [], host),
      authenticate: options.authenticate,
      feed,
      schema: () => {
        if (!subscriptionSide) throw new Error('the gateway has not loaded its schema');
        return subscriptionSide;
      },
      buckets,
      // The gateway's own executor: query planning, subgraph calls and error masking as over HTTP.
      async execute(query, variables, caller) {
        const response = await apollo.executeOperation(
          { query, variables },
          { contextValue: { caller } },
        );
        if (response.body.kind !== 'single') throw new Error('incremental delivery is not enabled');
        const { data, errors } = response.body.singleResult;
        return { data, errors };
      },
      limits: { ...defaultSubscriptionLimits, ...options.subscriptions?.limits },
      logger: logger.child({ part: 'subscriptions' }),
    });
  await feed?.start();
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
    subscriptionsUrl: `${origin.replace(/^http/, 'ws')}/graphql`,
    ideUrl: `${origin}/ide/`,
    app,
    apollo,
    async stop() {
      loaded = false;
      await subscriptions?.stop();
      await feed?.stop();
      // Closing fastify drains in-flight requests and stops Apollo (and the gateway) with it.
      await app.close();
      await apollo.stop();
    },
  };
}
