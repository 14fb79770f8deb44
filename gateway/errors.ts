import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from '../lib/logger';

// Codes that describe the client's own request: they reach the client as they are.
const clientCodes = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/** What a client learns of a subgraph it could not reach: its name, never its URL. */
export function subgraphUnavailable(subgraph: string): GraphQLError {
  return new GraphQLError(`Subgraph "${subgraph}" is unavailable`, {
    extensions: { code: 'SUBGRAPH_UNAVAILABLE' },
  });
}

/**
 * The one place where the gateway decides what a client learns of a failure. Errors of the
 * client's request pass as they are. Errors from a subgraph (the gateway adds `serviceName`) keep
 * their message and code, since subgraphs mask their own internals, but nothing else of their
 * extensions. Anything else is a fault of the gateway: logged, and reported without detail.
 */
export function gatewayErrorFormatter(logger: Logger, options: { suggestions: boolean }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    const serviceName = formatted.extensions?.serviceName;
    if (typeof code === 'string' && clientCodes.has(code)) {
      // "Did you mean …?" spells out the schema that introspection being off keeps private.
      if (options.suggestions) return formatted;
      return { ...formatted, message: formatted.message.replace(/ ?Did you mean [^?]*\?/, '') };
    }
    if (typeof serviceName === 'string') {
      return {
        message: formatted.message,
        path: formatted.path,
        locations: formatted.locations,
        extensions: { code: code ?? 'DOWNSTREAM_SERVICE_ERROR', serviceName },
      };
    }
    logger.error({ err: unwrapResolverError(error) }, 'gateway error');
    return {
      message: 'Internal server error',
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
