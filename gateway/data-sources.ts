import {
  LocalGraphQLDataSource,
  RemoteGraphQLDataSource,
  type GraphQLDataSource,
  type ServiceEndpointDefinition,
} from '@apollo/gateway';
import type { GraphQLSchema } from 'graphql';
import { callerOf } from '../lib/auth/scopes';
import { callerTokenHeader, signCallerToken } from '../lib/auth/subgraph-token';
import type { Logger } from '../lib/logger';
import { subgraphUnavailable } from './errors';

/** Where a subgraph is: a URL to call over HTTP, or its schema to execute in this process. */
export type SubgraphTarget = string | GraphQLSchema;
export type SubgraphTargets = Readonly<Record<string, SubgraphTarget>>;

type Fetcher = NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher'];

// Carries the caller from willSendRequest (which has the context) to the fetcher (which has the
// body as sent); it never leaves the process.
const pendingCaller = 'x-plexus-pending-caller';

/**
 * A hung subgraph must cost one field's error, not the whole request's latency, so every HTTP
 * call to a subgraph has a deadline. Every call is signed over the bytes it sends
 * (lib/auth/subgraph-token.ts).
 */
function signingFetcher(subgraph: string, secret: string, timeoutMs: number): Fetcher {
  return (async (url: string, init: RequestInit & { headers: Record<string, string> }) => {
    const { [pendingCaller]: pending, ...headers } = init.headers;
    const caller = JSON.parse(pending ?? '{"id":"anonymous","scopes":[]}') as {
      id: string;
      scopes: string[];
    };
    const body = typeof init.body === 'string' ? init.body : '';
    headers[callerTokenHeader] = await signCallerToken(secret, {
      caller: { id: caller.id, scopes: new Set(caller.scopes) },
      subgraph,
      body,
    });
    return fetch(url, { ...init, headers, signal: AbortSignal.timeout(timeoutMs) });
  }) as unknown as Fetcher;
}

/**
 * A subgraph that cannot be reached (refused, timed out, non-2xx) answers as if it had returned a
 * GraphQL error. The gateway then treats it like any subgraph error: it nulls just that
 * subgraph's fields, names the subgraph and the path in the error, and serves the rest.
 */
class HttpSubgraph extends RemoteGraphQLDataSource {
  constructor(
    private readonly subgraph: string,
    url: string,
    secret: string,
    timeoutMs: number,
    private readonly logger: Logger,
  ) {
    super({ url, fetcher: signingFetcher(subgraph, secret, timeoutMs) });
  }

  override willSendRequest({
    request,
    context,
  }: Parameters<NonNullable<RemoteGraphQLDataSource['willSendRequest']>>[0]): void {
    const caller = callerOf(context);
    if (!caller) return;
    request.http?.headers.set(
      pendingCaller,
      JSON.stringify({ id: caller.id, scopes: [...caller.scopes] }),
    );
  }

  override async process(
    options: Parameters<RemoteGraphQLDataSource['process']>[0],
  ): ReturnType<RemoteGraphQLDataSource['process']> {
    try {
      return await super.process(options);
    } catch (error) {
      this.logger.warn(
        { err: error, subgraph: this.subgraph, url: this.url },
        'subgraph unavailable',
      );
      return { errors: [subgraphUnavailable(this.subgraph)] };
    }
  }
}

/**
 * Builds the data source of each subgraph named in the supergraph. A target given at run time wins
 * over the URL recorded in the supergraph, which is only the loopback default. An in-process
 * subgraph gets the gateway's context, caller included; one over HTTP needs the shared secret.
 */
export function dataSourceBuilder(
  targets: SubgraphTargets,
  timeoutMs: number,
  logger: Logger,
  secret: string | undefined,
) {
  return ({ name, url }: ServiceEndpointDefinition): GraphQLDataSource => {
    const target = targets[name] ?? url;
    if (target === undefined) throw new Error(`No URL or schema for subgraph "${name}"`);
    if (typeof target !== 'string') return new LocalGraphQLDataSource(target);
    if (!secret) throw new Error(`PLEXUS_SUBGRAPH_SECRET is needed to call subgraph "${name}"`);
    return new HttpSubgraph(name, target, secret, timeoutMs, logger);
  };
}
