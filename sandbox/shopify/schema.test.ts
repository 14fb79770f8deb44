import { existsSync } from 'node:fs';
import { buildClientSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSandboxSchema, readIntrospection } from './schema';
import { referenceSchemaFile } from './testing';
import { subsetProblems } from './schema-subset';

const realPath = referenceSchemaFile;
const haveReal = existsSync(realPath);
if (!haveReal) {
  console.warn(`skipping the schema-subset check: ${realPath} is absent (../shared)`);
}

describe.skipIf(!haveReal)('sandbox schema.graphql is a subset of Shopify Admin 2025-01', () => {
  it('has every type, field, argument and enum value with the real type', () => {
    const real = buildClientSchema(readIntrospection(realPath));
    expect(subsetProblems(buildSandboxSchema(), real)).toEqual([]);
  });
});
