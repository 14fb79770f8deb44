import type { FastifyInstance, FastifyReply } from 'fastify';
import type { GraphQLError } from 'graphql';
import { execute, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { z } from 'zod';
import type { LeakyBucket } from '../toolkit/rate-limit';
import type { BulkOperations } from './bulk';
import { actualQueryCost, findOperation, maxQueryCost, requestedQueryCost } from './cost';
import { shopifySyntaxError, shopifyValidationError } from './refusals';
import type { ShopContext } from './resolvers';

// The Admin API endpoint: authentication, the calculated-cost leaky bucket, execution, and
// `extensions.cost` on every GraphQL response, with Shopify's own bodies for each refusal.
export const invalidTokenBody = {
  errors: '[API] Invalid API key or access token (unrecognized login or wrong password)',
};
const rateLimitDocs = 'https://shopify.dev/api/usage/rate-limits';

const requestSchema = z.object({
  query: z.string().min(1),
  variables: z.record(z.string(), z.unknown()).nullish(),
  operationName: z.string().nullish(),
});

export interface GraphqlRouteOptions {
  schema: GraphQLSchema;
  accessToken: string;
  bucket: LeakyBucket;
  bulk: BulkOperations;
  context: () => ShopContext;
}

export function registerRoutes(app: FastifyInstance, options: GraphqlRouteOptions): void {
  app.addContentTypeParser('application/graphql', { parseAs: 'string' }, (_req, body, done) =>
    done(null, { query: body }),
  );

  app.post<{ Params: { version: string } }>(
    '/admin/api/:version/graphql.json',
    async (request, reply) => {
      reply.header('x-shopify-api-version', request.params.version);
      if (request.headers['x-shopify-access-token'] !== options.accessToken) {
        return reply.code(401).send(invalidTokenBody);
      }
      const body = requestSchema.safeParse(request.body);
      if (!body.success) {
        return reply.code(400).send({ errors: { query: 'Required parameter missing or invalid' } });
      }
      return handle(
        reply,
        options,
        body.data.query,
        body.data.variables ?? {},
        body.data.operationName,
      );
    },
  );

  app.get<{ Params: { file: string } }>('/bulk-results/:file', async (request, reply) => {
    const id = Number(/^(\d+)\.jsonl$/.exec(request.params.file)?.[1]);
    const file = options.bulk.files.get(id);
    if (file === undefined) return reply.code(404).send('Not Found');
    return reply.type('application/jsonl').send(file);
  });
}

function throttleStatus(bucket: LeakyBucket) {
  return {
    maximumAvailable: bucket.capacity,
    currentlyAvailable: Math.floor(bucket.available()),
    restoreRate: bucket.restoreRate,
  };
}

async function handle(
  reply: FastifyReply,
  options: GraphqlRouteOptions,
  source: string,
  variables: Record<string, unknown>,
  operationName: string | null | undefined,
) {
  const { schema, bucket } = options;
  const cost = (requested: number, actual: number | null) => ({
    cost: {
      requestedQueryCost: requested,
      actualQueryCost: actual,
      throttleStatus: throttleStatus(bucket),
    },
  });
  let document: DocumentNode;
  try {
    document = parse(source);
  } catch (error) {
    return reply.send({
      errors: [shopifySyntaxError(error as GraphQLError)],
      extensions: cost(0, null),
    });
  }
  const validationErrors = validate(schema, document);
  if (validationErrors.length > 0) {
    return reply.send({
      errors: validationErrors.map((e) => shopifyValidationError(e, document)),
      extensions: cost(0, null),
    });
  }
  const operation = findOperation(document, operationName);
  if (!operation) {
    return reply.send({
      errors: [{ message: 'No operation named ' + (operationName ?? '') }],
      extensions: cost(0, null),
    });
  }
  const requested = requestedQueryCost(schema, document, operation, variables);
  if (requested > maxQueryCost) {
    return reply.send({
      errors: [
        {
          message: `Query cost is ${requested}, which exceeds the single query max cost limit (${maxQueryCost})`,
          extensions: {
            code: 'MAX_COST_EXCEEDED',
            cost: requested,
            maxCost: maxQueryCost,
            documentation: rateLimitDocs,
          },
        },
      ],
      extensions: cost(requested, null),
    });
  }
  if (!bucket.tryTake(requested)) {
    return reply.send({
      errors: [
        { message: 'Throttled', extensions: { code: 'THROTTLED', documentation: rateLimitDocs } },
      ],
      extensions: cost(requested, null),
    });
  }
  const context = options.context();
  const result = await execute({
    schema,
    document,
    operationName: operationName ?? undefined,
    variableValues: variables,
    contextValue: context,
  });
  const data = result.data as Record<string, unknown> | null | undefined;
  const actual = Math.min(requested, actualQueryCost(schema, document, operation, variables, data));
  bucket.refund(requested - actual);
  const payload: Record<string, unknown> = {};
  if (result.errors?.length) payload.errors = result.errors.map((e) => e.toJSON());
  payload.data = result.data ?? null;
  // Shopify reports how it read each `query:` argument, with a warning per unknown field.
  const searches = context.searches ?? [];
  payload.extensions = {
    ...cost(requested, actual),
    ...(searches.length > 0 && { search: searches }),
  };
  return reply.send(payload);
}
