import {
  LocalGraphQLDataSource,
  RemoteGraphQLDataSource,
  type GraphQLDataSource,
  type ServiceEndpointDefinition,
} from '@apollo/gateway';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from '../lib/logger';
import { subgraphUnavailable } from './errors';

/** Where a subgraph is: a URL to call over HTTP, or its schema to execute in this process. */
export type SubgraphTarget = string | GraphQLSchema;
export type SubgraphTargets = Readonly<Record<string, SubgraphTarget>>;

type Fetcher = NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher'];

/**
 * A hung subgraph must cost one field's error, not the whole request's latency, so every HTTP
 * call to a subgraph has a deadline.
 */
function fetcherWithTimeout(timeoutMs: number): Fetcher {
  return ((url: string, init?: RequestInit) =>
    fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) })) as unknown as Fetcher;
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
    timeoutMs: number,
    private readonly logger: Logger,
  ) {
    super({ url, fetcher: fetcherWithTimeout(timeoutMs) });
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
 * over the URL recorded in the supergraph, which is only the loopback default.
 */
export function dataSourceBuilder(targets: SubgraphTargets, timeoutMs: number, logger: Logger) {
  return ({ name, url }: ServiceEndpointDefinition): GraphQLDataSource => {
    const target = targets[name] ?? url;
    if (target === undefined) throw new Error(`No URL or schema for subgraph "${name}"`);
    if (typeof target !== 'string') return new LocalGraphQLDataSource(target);
    return new HttpSubgraph(name, target, timeoutMs, logger);
  };
}
