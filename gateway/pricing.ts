import {
  HeaderMap,
  type ApolloServer,
  type ApolloServerPlugin,
  type HTTPGraphQLRequest,
} from '@apollo/server';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { z } from 'zod';
import { gatewayRefusals } from '../lib/metrics';
import { actualQueryCost } from '../lib/query-cost';
import type { CostBuckets, ThrottleStatus } from './cost-bucket';
import type { PersistedQueries, TrustedDocuments } from './documents';
import type { QueryGuard } from './query-guard';

/** What the pricing step hands to the Apollo plugin that reports and refunds the cost. */
export interface Price {
  key: string;
  requestedQueryCost: number;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables: Record<string, unknown>;
}

export interface PricedContext {
  price?: Price;
}

export interface PricingOptions<C extends PricedContext> {
  /** Ready once the gateway has loaded its schema. */
  guard: () => QueryGuard;
  documents: TrustedDocuments | PersistedQueries;
  buckets: CostBuckets;
  callerKey: (request: FastifyRequest) => string;
  /** The rest of the request's context (who is calling); the price is added to it. */
  contextOf: (request: FastifyRequest) => Promise<Omit<C, 'price'>>;
}

const json = z.string().transform((text, ctx) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'is not JSON' });
    return z.NEVER;
  }
});
const graphqlRequest = z.object({
  query: z.string().optional(),
  operationName: z.string().nullish(),
  variables: z.record(z.string(), z.unknown()).nullish(),
  extensions: z
    .object({ persistedQuery: z.object({ sha256Hash: z.string() }).optional() })
    .nullish(),
  documentId: z.string().optional(),
});
// On GET, variables and extensions arrive as JSON in the query string.
const graphqlGetRequest = graphqlRequest.extend({
  variables: json.pipe(z.record(z.string(), z.unknown())).optional(),
  extensions: json.pipe(graphqlRequest.shape.extensions).optional(),
});

interface ErrorBody {
  errors: { message: string; extensions: Record<string, unknown> }[];
  extensions?: Record<string, unknown>;
}

/** The body of a refusal; counted, so that refusals show on /metrics. */
function errorBody(code: string, message: string, extra: Record<string, unknown> = {}): ErrorBody {
  gatewayRefusals.inc({ code });
  return { errors: [{ message, extensions: { code, ...extra } }] };
}

/**
 * The `/graphql` handler: every operation is resolved (APQ or trusted documents), priced and
 * charged to its caller's bucket before Apollo sees it. Apollo then receives a plain request with
 * the document's text, so it never parses a document that was not priced.
 */
export function pricedHandler<C extends PricedContext>(
  apollo: ApolloServer<C>,
  options: PricingOptions<C>,
) {
  // Omit<C, 'price'> plus an optional price is C; TypeScript cannot see that for a generic C.
  const contextOf = async (request: FastifyRequest, price?: Price) =>
    ({ ...(await options.contextOf(request)), price }) as C;
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'GET' && request.method !== 'POST') {
      return forward(apollo, reply, toApollo(request, undefined), await contextOf(request));
    }
    const parsed = (request.method === 'GET' ? graphqlGetRequest : graphqlRequest).safeParse(
      request.method === 'GET' ? request.query : request.body,
    );
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.join('.') || 'body';
      return reply
        .code(400)
        .send(
          errorBody('BAD_REQUEST', `Invalid GraphQL request: ${where} ${issue?.message ?? ''}`),
        );
    }
    const body = parsed.data;
    const resolved = options.documents.resolve({
      query: body.query,
      id: body.documentId ?? body.extensions?.persistedQuery?.sha256Hash,
    });
    if (!resolved.ok) {
      return reply.code(resolved.status).send(errorBody(resolved.code, resolved.message));
    }
    const variables = body.variables ?? {};
    const priced = options.guard().price(resolved.query, body.operationName, variables);
    if (!priced.ok) {
      const { code, message, requestedQueryCost } = priced.rejection;
      const answer = errorBody(code, message);
      if (requestedQueryCost !== undefined) {
        answer.extensions = { cost: { requestedQueryCost, actualQueryCost: null } };
      }
      return reply.code(priced.rejection.status).send(answer);
    }
    const key = options.callerKey(request);
    const taken = options.buckets.take(key, priced.requestedQueryCost);
    if (!taken.ok) {
      // Shopify's answer to a throttled call (HTTP 200), plus how long to wait.
      const answer = errorBody('THROTTLED', 'Throttled', {
        retryAfterMs: taken.retryAfterMs,
        documentation: 'https://shopify.dev/api/usage/rate-limits',
      });
      answer.extensions = {
        cost: costExtension(priced.requestedQueryCost, null, taken.status),
      };
      return reply
        .code(200)
        .header('retry-after', String(Math.ceil(taken.retryAfterMs / 1000)))
        .send(answer);
    }
    const price: Price = { key, ...priced, variables };
    const apolloBody = {
      query: resolved.query,
      variables,
      ...(body.operationName ? { operationName: body.operationName } : {}),
    };
    return forward(apollo, reply, toApollo(request, apolloBody), await contextOf(request, price));
  };
}

function toApollo(
  request: FastifyRequest,
  body:
    | { query: string; operationName?: string | null; variables: Record<string, unknown> }
    | undefined,
): HTTPGraphQLRequest {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const method = request.method.toUpperCase();
  if (!body || method !== 'GET') return { method, headers, body, search: '' };
  const search = new URLSearchParams({
    query: body.query,
    variables: JSON.stringify(body.variables),
  });
  if (body.operationName) search.set('operationName', body.operationName);
  return { method, headers, body: undefined, search: `?${search.toString()}` };
}

async function forward<C extends PricedContext>(
  apollo: ApolloServer<C>,
  reply: FastifyReply,
  httpGraphQLRequest: HTTPGraphQLRequest,
  context: C,
) {
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest,
    context: () => Promise.resolve(context),
  });
  for (const [name, value] of response.headers) void reply.header(name, value);
  void reply.code(response.status ?? 200);
  if (response.body.kind === 'complete') return response.body.string;
  // Incremental delivery is not enabled on this server; a chunked answer would still stream.
  const chunks: string[] = [];
  for await (const chunk of response.body.asyncIterator) chunks.push(chunk);
  return chunks.join('');
}

function costExtension(requested: number, actual: number | null, status: ThrottleStatus) {
  return { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: status };
}

/**
 * Reports Shopify's `extensions.cost` on every priced answer, and refunds what the query was
 * charged but did not use (a page shorter than `first`, a null object).
 */
export function costPlugin(
  schema: () => GraphQLSchema,
  buckets: CostBuckets,
): ApolloServerPlugin<PricedContext> {
  return {
    requestDidStart() {
      return Promise.resolve({
        willSendResponse({ contextValue, response }) {
          const price = contextValue.price;
          if (!price || response.body.kind !== 'single') return Promise.resolve();
          const result = response.body.singleResult;
          const actual = actualQueryCost(
            schema(),
            price.document,
            price.operation,
            price.variables,
            result.data,
          );
          const status = buckets.refund(price.key, price.requestedQueryCost - actual);
          result.extensions = {
            ...result.extensions,
            cost: costExtension(price.requestedQueryCost, actual, status),
          };
          return Promise.resolve();
        },
      });
    },
  };
}
