import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import {
  buildClientSchema,
  buildSchema,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { z } from 'zod';

// What the sandbox serves: Shopify's published Admin schema when SHOPIFY_ADMIN_SCHEMA (or the
// `schemaFile` option) names it, else the subset in schema.graphql. Each sandbox builds its own
// copy, because binding resolvers mutates the schema's fields.
export const schemaPath = new URL('./schema.graphql', import.meta.url);
export const schemaEnvVar = 'SHOPIFY_ADMIN_SCHEMA';

export interface ServedSchema {
  schema: GraphQLSchema;
  /** `shopify`: the vendor's whole schema; `subset`: schema.graphql. */
  kind: 'shopify' | 'subset';
  /** One line for the start-up log. */
  description: string;
}

export function buildSandboxSchema(): GraphQLSchema {
  return buildSchema(readFileSync(schemaPath, 'utf8'));
}

// The introspection result is either `{data: {__schema}}` (what an introspection query returns,
// and how Shopify publishes it) or the bare `{__schema}`.
const introspectionFile = z.union([
  z.object({ data: z.object({ __schema: z.object({ types: z.array(z.unknown()) }) }) }),
  z.object({ __schema: z.object({ types: z.array(z.unknown()) }) }),
]);

// Parsing 600 KB of gzipped JSON takes a noticeable moment; tests start many sandboxes.
const introspections = new Map<string, IntrospectionQuery>();

export function readIntrospection(file: string): IntrospectionQuery {
  const cached = introspections.get(file);
  if (cached) return cached;
  if (!existsSync(file)) {
    throw new Error(`${schemaEnvVar}: ${file} does not exist (unset it to serve the subset)`);
  }
  const bytes = readFileSync(file);
  const text = (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  const json: unknown = JSON.parse(text);
  const parsed = introspectionFile.safeParse(json);
  if (!parsed.success) {
    throw new Error(`${schemaEnvVar}: ${file} is not a GraphQL introspection result`);
  }
  // zod checked the envelope (and strips what it does not name, so the original is kept);
  // buildClientSchema checks every type inside it.
  const whole = json as { data?: IntrospectionQuery } & IntrospectionQuery;
  const result = whole.data ?? whole;
  introspections.set(file, result);
  return result;
}

export function loadSandboxSchema(file: string | undefined): ServedSchema {
  if (!file) {
    return {
      schema: buildSandboxSchema(),
      kind: 'subset',
      description: `the sandbox's subset of the Admin API (schema.graphql); set ${schemaEnvVar} to serve Shopify's whole schema`,
    };
  }
  const schema = buildClientSchema(readIntrospection(file));
  return {
    schema,
    kind: 'shopify',
    description: `Shopify's Admin API schema from ${file} (${Object.keys(schema.getTypeMap()).length} types)`,
  };
}
