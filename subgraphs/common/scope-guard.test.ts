// The access matrix, read from the SDLs' own @scope declarations: every field is declared (or
// reachable only through declared ones), every declared scope exists, a field that asks more than
// its type is nullable, and every scope is let through exactly the field groups that name it.
import { buildSubgraphSchema } from '@apollo/subgraph';
import {
  getNamedType,
  GraphQLError,
  isInterfaceType,
  isNonNullType,
  isObjectType,
  parse,
  type GraphQLSchema,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { isScope, scopeNames, type Caller } from '../../lib/auth/scopes';
import { loadSubgraphSdl, subgraphNames } from '../../schema/subgraphs/index';
import { declaredScopes, enforceScopes, requiredScopes } from './scope-guard';

const federationTypes = new Set(['_Service']);
const federationFields = new Set(['Query._entities', 'Query._service']);

interface FieldAccess {
  subgraph: string;
  coordinate: string;
  required: string[];
  nullable: boolean;
  typeScopes: string[];
}

function fieldsOf(subgraph: string, schema: GraphQLSchema): FieldAccess[] {
  const out: FieldAccess[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || federationTypes.has(type.name)) {
      continue;
    }
    for (const field of Object.values(type.getFields())) {
      const coordinate = `${type.name}.${field.name}`;
      if (federationFields.has(coordinate)) continue;
      out.push({
        subgraph,
        coordinate,
        required: requiredScopes(type, field),
        nullable: !isNonNullType(field.type),
        typeScopes: declaredScopes(type),
      });
    }
  }
  return out;
}

/**
 * Fields with no scope of their own are fine only on a value type (Money, PageInfo) that every
 * path to passes through a scoped field: found as a fixed point over "who returns this type".
 */
function uncoveredFields(schema: GraphQLSchema, fields: FieldAccess[]): string[] {
  const returners = new Map<string, string[]>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const named = field.type.toString().replace(/[[\]!]/g, '');
      returners.set(named, [...(returners.get(named) ?? []), `${type.name}.${field.name}`]);
    }
  }
  const covered = new Set(fields.filter((f) => f.required.length).map((f) => f.coordinate));
  // A field of an interface type (node) is guarded by its object's type when it resolves.
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type);
      if (!isInterfaceType(named)) continue;
      const objects = schema.getPossibleTypes(named);
      if (objects.length && objects.every((object) => declaredScopes(object).length)) {
        covered.add(`${type.name}.${field.name}`);
      }
    }
  }
  const roots = new Set(['Query', 'Mutation', 'Subscription']);
  for (let changed = true; changed;) {
    changed = false;
    for (const field of fields) {
      if (covered.has(field.coordinate)) continue;
      const typeName = field.coordinate.split('.')[0] as string;
      const paths = returners.get(typeName) ?? [];
      if (roots.has(typeName) || paths.length === 0) continue;
      if (paths.every((path) => covered.has(path))) {
        covered.add(field.coordinate);
        changed = true;
      }
    }
  }
  return fields.filter((f) => !covered.has(f.coordinate)).map((f) => f.coordinate);
}

const built = subgraphNames.map((name) => {
  const schema = buildSubgraphSchema({ typeDefs: parse(loadSubgraphSdl(name)) });
  return { name, schema, fields: fieldsOf(name, schema) };
});
const allFields = built.flatMap((b) => b.fields);

describe('scope declarations in the subgraph SDLs', () => {
  it.each(built)(
    'every field of $name is declared or reachable only through a declared one',
    ({ schema, fields }) => {
      expect(uncoveredFields(schema, fields)).toEqual([]);
    },
  );

  it('name only scopes that exist', () => {
    const unknown = allFields.flatMap((f) => f.required.filter((scope) => !isScope(scope)));
    expect(unknown).toEqual([]);
  });

  it('make a field nullable when it asks more than its type, so a refusal nulls only it', () => {
    const strict = allFields.filter(
      (f) => !f.nullable && f.required.some((scope) => !f.typeScopes.includes(scope)),
    );
    expect(strict.map((f) => `${f.subgraph}:${f.coordinate}`)).toEqual([]);
  });

  it('give every scope but admin at least one field to guard', () => {
    const used = new Set(allFields.flatMap((f) => f.required));
    // admin guards no graph field.
    expect(scopeNames.filter((s) => !used.has(s))).toEqual(['admin']);
  });
});

describe('a scoped argument', () => {
  const customers = () => {
    const type = enforced.get('shopify')?.getType('Query');
    if (!isObjectType(type)) throw new Error('no Query');
    const resolve = type.getFields().customers?.resolve;
    if (!resolve) throw new Error('Query.customers is not guarded');
    return (args: Record<string, unknown>, caller: Caller) => {
      try {
        return resolve({ customers: 'value' }, args, { caller }, {
          fieldName: 'customers',
        } as never);
      } catch (error) {
        return error;
      }
    };
  };

  it('takes its scopes only when passed: a segment filter needs profiles:read', () => {
    const ask = customers();
    expect(ask({}, holding('customers:read'))).toBe('value');
    const refused = ask({ filter: { consent: true } }, holding('customers:read'));
    expect((refused as GraphQLError).extensions).toMatchObject({
      code: 'FORBIDDEN',
      requiredScopes: ['profiles:read'],
    });
    expect(ask({ filter: { consent: true } }, holding('customers:read', 'profiles:read'))).toBe(
      'value',
    );
  });
});

// One group per distinct requirement, e.g. "customers:read+pii:read".
const groups = new Map<string, FieldAccess[]>();
for (const field of allFields.filter((f) => f.required.length)) {
  const key = [...field.required].sort().join('+');
  groups.set(key, [...(groups.get(key) ?? []), field]);
}
const enforced = new Map(
  subgraphNames.map((name) => [
    name,
    enforceScopes(buildSubgraphSchema({ typeDefs: parse(loadSubgraphSdl(name)) })),
  ]),
);
const holding = (...scopes: string[]): Caller => ({ id: 'test', scopes: new Set(scopes) });

function read(field: FieldAccess, caller: Caller | undefined): unknown {
  const [typeName, fieldName] = field.coordinate.split('.') as [string, string];
  const type = enforced.get(field.subgraph as never)?.getType(typeName);
  if (!isObjectType(type)) throw new Error(`no type ${typeName}`);
  const resolve = type.getFields()[fieldName]?.resolve;
  if (!resolve) throw new Error(`${field.coordinate} is not guarded`);
  try {
    // The default resolver reads the field's name from info.
    return resolve({ [fieldName]: 'value' }, {}, { caller }, { fieldName } as never);
  } catch (error) {
    return error;
  }
}

describe.each([...groups.keys()])('fields requiring %s', (group) => {
  const fields = groups.get(group) ?? [];
  const required = group.split('+');

  it.each(scopeNames)('against a caller holding only %s', (scope) => {
    for (const field of fields) {
      const result = read(field, holding(scope));
      const missing = required.filter((s) => s !== scope);
      if (missing.length === 0) {
        expect(result, field.coordinate).toBe('value');
      } else {
        expect(result, field.coordinate).toBeInstanceOf(GraphQLError);
        const { code, requiredScopes: named } = (result as GraphQLError).extensions;
        expect(code, field.coordinate).toBe('FORBIDDEN');
        expect([...(named as string[])].sort(), field.coordinate).toEqual(missing);
      }
    }
  });

  it('against a caller holding all its scopes, and against no caller', () => {
    for (const field of fields) {
      expect(read(field, holding(...required)), field.coordinate).toBe('value');
      expect((read(field, undefined) as GraphQLError).extensions?.code).toBe('FORBIDDEN');
    }
  });
});
