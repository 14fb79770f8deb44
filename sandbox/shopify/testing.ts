import { fileURLToPath } from 'node:url';
import type { ShopifySandbox } from './index';

// One way for the sandbox's tests to speak to it: plain fetch over HTTP, as any client would.
export interface GqlResponse {
  status: number;
  headers: Headers;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: Record<string, unknown> }[] | string;
    extensions?: { cost: Cost };
  };
}

export interface Cost {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
}

export async function gql(
  sandbox: ShopifySandbox,
  query: string,
  variables?: Record<string, unknown>,
  token = sandbox.accessToken,
): Promise<GqlResponse> {
  const response = await fetch(sandbox.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-shopify-access-token': token },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as GqlResponse['body'],
  };
}

/** Reads a path like `orders.pageInfo.endCursor` out of a response's data. */
export function at<T>(data: unknown, path: string): T {
  let value: unknown = data;
  for (const key of path.split('.')) value = (value as Record<string, unknown> | undefined)?.[key];
  return value as T;
}

/**
 * Shopify's published Admin schema for tests: SHOPIFY_ADMIN_SCHEMA, else the team's reference
 * copy at ../shared/reference/shopify/ beside the project (absent from a plain clone).
 */
export const referenceSchemaFile =
  process.env.SHOPIFY_ADMIN_SCHEMA ||
  fileURLToPath(
    new URL('../../../shared/reference/shopify/admin_schema_2025-01.json.gz', import.meta.url),
  );
