import { readFileSync } from 'node:fs';
import { buildSchema, type GraphQLSchema } from 'graphql';

// The served schema is built from schema.graphql, the single source of the subset's shape. Each
// sandbox builds its own copy, because binding resolvers mutates the schema's fields.
export const schemaPath = new URL('./schema.graphql', import.meta.url);

export function buildSandboxSchema(): GraphQLSchema {
  return buildSchema(readFileSync(schemaPath, 'utf8'));
}
