import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { buildClientSchema, type IntrospectionQuery } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSandboxSchema } from './schema';
import { subsetProblems } from './schema-subset';

const realPath = new URL(
  '../../../shared/reference/shopify/admin_schema_2025-01.json.gz',
  import.meta.url,
);
const haveReal = existsSync(realPath);
if (!haveReal) {
  console.warn(`skipping the schema-subset check: ${realPath.pathname} is absent (../shared)`);
}

describe.skipIf(!haveReal)('sandbox schema.graphql is a subset of Shopify Admin 2025-01', () => {
  it('has every type, field, argument and enum value with the real type', () => {
    const json = JSON.parse(gunzipSync(readFileSync(realPath)).toString('utf8')) as {
      data: IntrospectionQuery;
    };
    const real = buildClientSchema(json.data);
    expect(subsetProblems(buildSandboxSchema(), real)).toEqual([]);
  });
});
