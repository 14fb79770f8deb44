import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import {
  getOperationAST,
  GraphQLError,
  subscribe,
  validate,
  type ExecutionArgs,
  type GraphQLSchema,
} from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import type { Authenticate } from '../../lib/auth/authenticate';
import type { Caller } from '../../lib/auth/scopes';
import type { Logger } from '../../lib/logger';
import { gatewayRefusals, subscriptionsActive, subscriptionsDropped } from '../../lib/metrics';
import type { CostBuckets } from '../cost-bucket';
import type { QueryGuard } from '../query-guard';
import { answerFieldResolver, type EntityQuery, type EntityResult } from './entity';
import type { ChangeFeed, FeedEvent } from './feed';
import { EventQueue, type Overflow } from './queue';
import type { SubscriptionContext } from './schema';

/** Bounds on what one client may hold in the gateway's memory. README: "Internal apps". */
export interface SubscriptionLimits {
  /** Events queued per subscription and not yet sent; one more and the client is dropped. */
  maxQueuedEvents: number;
  /** Bytes the socket may hold unsent (ws `bufferedAmount`); past this the client is dropped. */
  maxBufferedBytes: number;
  maxSubscriptionsPerConnection: number;
  /** Largest message a client may send. */
  maxPayloadBytes: number;
}

export const defaultSubscriptionLimits: SubscriptionLimits = {
  maxQueuedEvents: 1_000,
  maxBufferedBytes: 1024 * 1024,
  maxSubscriptionsPerConnection: 100,
  maxPayloadBytes: 256 * 1024,
};

/** The close code of a dropped slow client: WebSocket's "Try Again Later". */
export const SLOW_CLIENT_CLOSE_CODE = 1013;
/** A client that has not been able to take the close frame is cut off after this long. */
const CLOSE_GRACE_MS = 10_000;

export interface SubscriptionServerOptions {
  app: FastifyInstance;
  path: string;
  hosts: ReadonlySet<string>;
  authenticate: Authenticate;
  feed: ChangeFeed;
  /** Ready once the gateway has loaded its schema: the subscription schema and its guard. */
  schema: () => { schema: GraphQLSchema; guard: QueryGuard };
  buckets: CostBuckets;
  /** Runs a query through the gateway's own executor, as `caller`. */
  execute(query: string, variables: Record<string, unknown>, caller: Caller): Promise<EntityResult>;
  limits: SubscriptionLimits;
  logger: Logger;
}

/** What graphql-ws's connection_init payload may carry: the headers HTTP would have. */
const InitPayload = z
  .record(z.string(), z.unknown())
  .nullish()
  .transform((payload): IncomingHttpHeaders => {
    const nested = payload?.headers;
    const source = { ...(typeof nested === 'object' && nested ? nested : {}), ...payload };
    const headers: IncomingHttpHeaders = {};
    for (const [name, value] of Object.entries(source)) {
      if (typeof value === 'string') headers[name.toLowerCase()] = value;
    }
    return headers;
  });

interface Connection {
  socket: WebSocket;
  caller?: Caller;
  queues: Set<EventQueue<FeedEvent>>;
  dropped: boolean;
}

/**
 * GraphQL subscriptions over the graphql-ws protocol on the gateway's own path: a WebSocket
 * upgrade on the gateway's Fastify server. Clients authenticate in `connection_init` as they would
 * over HTTP, each subscription document meets the query limits, and a client that cannot keep up
 * is closed with 1013 rather than buffered without end.
 */
export function registerSubscriptions(options: SubscriptionServerOptions) {
  const { limits, logger } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxPayloadBytes });
  const connections = new WeakMap<WebSocket, Connection>();
  const connectionOf = (socket: WebSocket): Connection => {
    let connection = connections.get(socket);
    if (!connection) {
      connection = { socket, queues: new Set(), dropped: false };
      connections.set(socket, connection);
    }
    return connection;
  };

  const drop = (connection: Connection, overflow: Overflow) => {
    if (connection.dropped) return;
    connection.dropped = true;
    subscriptionsDropped.inc();
    logger.warn(
      { caller: connection.caller?.id, reason: overflow.reason },
      'slow subscriber dropped',
    );
    connection.socket.close(SLOW_CLIENT_CLOSE_CODE, `Subscriber too slow: ${overflow.reason}`);
    setTimeout(() => connection.socket.terminate(), CLOSE_GRACE_MS).unref();
  };

  // One fetch per event, selection and scopes, however many subscribers share them.
  const fetches = new WeakMap<FeedEvent, Map<string, Promise<EntityResult>>>();
  const fetchOnce = (
    event: FeedEvent,
    caller: Caller,
    query: EntityQuery,
    variables: Record<string, unknown>,
  ): Promise<EntityResult> => {
    const key = `${[...caller.scopes].sort().join(',')}\n${query.text}\n${JSON.stringify(variables)}`;
    let byKey = fetches.get(event);
    if (!byKey) {
      byKey = new Map();
      fetches.set(event, byKey);
    }
    let result = byKey.get(key);
    if (!result) {
      result = options.execute(query.text, variables, caller);
      byKey.set(key, result);
    }
    return result;
  };

  const contextOf = (connection: Connection, caller: Caller): SubscriptionContext => ({
    caller,
    follow(entity, accept) {
      let unlisten = () => {};
      const queue = new EventQueue<FeedEvent>(
        limits.maxQueuedEvents,
        (overflow) => drop(connection, overflow),
        () => {
          unlisten();
          connection.queues.delete(queue);
          subscriptionsActive.dec();
        },
      );
      connection.queues.add(queue);
      subscriptionsActive.inc();
      unlisten = options.feed.listen(entity, (event) => {
        if (!accept(event)) return;
        if (connection.socket.bufferedAmount > limits.maxBufferedBytes) {
          drop(connection, { reason: `over ${limits.maxBufferedBytes} bytes unsent` });
          return;
        }
        queue.push(event);
      });
      return queue;
    },
    fetchEntity: (event, query, variables) => fetchOnce(event, caller, query, variables),
  });

  const refuse = (code: string, message: string) => {
    gatewayRefusals.inc({ code });
    return [new GraphQLError(message, { extensions: { code } })];
  };

  const server = useServer(
    {
      connectionInitWaitTimeout: 10_000,
      async onConnect(ctx) {
        const headers = InitPayload.safeParse(ctx.connectionParams);
        const result = headers.success
          ? await options.authenticate(headers.data)
          : { ok: false as const, reason: 'connection_init payload is not an object' };
        if (!result.ok) {
          gatewayRefusals.inc({ code: 'UNAUTHENTICATED' });
          ctx.extra.socket.close(
            CloseCode.Unauthorized,
            `Unauthenticated: ${result.reason}`.slice(0, 120),
          );
          return false;
        }
        connectionOf(ctx.extra.socket).caller = result.caller;
        return true;
      },
      onSubscribe(ctx, _id, payload): ExecutionArgs | readonly GraphQLError[] {
        const connection = connectionOf(ctx.extra.socket);
        const caller = connection.caller;
        if (!caller) return refuse('UNAUTHENTICATED', 'Unauthenticated');
        if (connection.queues.size >= limits.maxSubscriptionsPerConnection) {
          return refuse(
            'TOO_MANY_SUBSCRIPTIONS',
            `At most ${limits.maxSubscriptionsPerConnection} subscriptions per connection.`,
          );
        }
        const { schema, guard } = options.schema();
        const variables = payload.variables ?? {};
        const priced = guard.price(payload.query, payload.operationName, variables);
        if (!priced.ok) return refuse(priced.rejection.code, priced.rejection.message);
        const document = priced.document;
        const errors = validate(schema, document);
        if (errors.length) {
          gatewayRefusals.inc({ code: 'GRAPHQL_VALIDATION_FAILED' });
          return errors.map(
            (e) =>
              new GraphQLError(e.message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }),
          );
        }
        if (getOperationAST(document, payload.operationName)?.operation !== 'subscription') {
          return refuse(
            'OPERATION_NOT_SUPPORTED',
            'Only subscriptions are served over WebSocket; send queries to this endpoint over HTTP.',
          );
        }
        const taken = options.buckets.take(caller.id, priced.requestedQueryCost);
        if (!taken.ok) return refuse('THROTTLED', `Throttled; retry in ${taken.retryAfterMs} ms.`);
        return {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: variables,
          contextValue: contextOf(connection, caller),
          fieldResolver: answerFieldResolver,
        };
      },
      subscribe: (args) => subscribe(args),
    },
    wss,
  );

  const upgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://gateway');
    const host = (request.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    if (url.pathname !== options.path || !options.hosts.has(host)) {
      gatewayRefusals.inc({
        code: url.pathname === options.path ? 'HOST_NOT_ALLOWED' : 'NOT_FOUND',
      });
      socket.end(
        `HTTP/1.1 ${url.pathname === options.path ? '421 Misdirected Request' : '404 Not Found'}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`,
      );
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  };
  options.app.server.on('upgrade', upgrade);

  return {
    async stop() {
      options.app.server.off('upgrade', upgrade);
      await server.dispose();
    },
  };
}
