import { defaultFieldResolver, GraphQLError, isObjectType, type GraphQLSchema } from 'graphql';
import { PlexusError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';

/** A request the client must change: a bad cursor, a page size out of range. */
export function badUserInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

/**
 * The one place a subgraph decides what its caller learns of a failure. It runs inside the schema
 * (see maskErrors), so it holds both over HTTP and when the gateway executes the schema in-process. GraphQL errors raised on purpose keep their code; a PlexusError keeps its code and
 * whether a retry may help; anything else (a SQL error, a bug) is logged and reported without
 * detail, since the database's messages can leak the schema.
 */
export function toClientError(error: unknown, logger: Logger): GraphQLError {
  if (error instanceof GraphQLError && error.extensions.code) return error;
  if (error instanceof PlexusError) {
    if (!error.retriable) logger.warn({ err: error }, 'subgraph error');
    return new GraphQLError(error.message, {
      extensions: { code: error.code, retriable: error.retriable },
    });
  }
  logger.error({ err: error }, 'subgraph resolver failed');
  return new GraphQLError('Internal server error', {
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
}

/**
 * Wraps every field's resolver, the default ones included (a connection's lazy totalCount is
 * run by the default resolver), so that no error leaves the schema without passing toClientError.
 */
export function maskErrors(schema: GraphQLSchema, logger: Logger): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (parent, args, context, info) => {
        try {
          const result: unknown = resolve(parent, args, context, info);
          if (!(result instanceof Promise)) return result;
          return result.catch((error: unknown) => {
            throw toClientError(error, logger);
          });
        } catch (error) {
          throw toClientError(error, logger);
        }
      };
    }
  }
  return schema;
}
