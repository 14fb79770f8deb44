import {
  getNamedType,
  isAbstractType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import { encodeCursor } from '../toolkit/cursor';
import { checkPageArgs } from './connection';

// Values for what the sandbox does not model. Shopify's schema has ~2,700 types and the sandbox
// keeps a shop of a dozen; a client asking for any other field still gets a deterministic,
// plausible, schema-valid answer instead of a refusal Shopify would never give. Every value is
// derived from a seed: the parent's seed (or its record's type and id) and the field's name and
// arguments, so the same query gets the same answer and one record always shows the same values.
// @graphql-tools/mock was the library to reach for, but its values are random and its store keeps
// every value it ever made, which a long-running sandbox cannot afford.

/** An object the sandbox does not model: its type and the seed its fields derive from. */
export class Mock {
  constructor(
    readonly typeName: string,
    readonly seed: number,
    /** A gid, when the object was asked for by id (`node(id:)`). */
    readonly id?: string,
  ) {}

  get numericId(): number {
    const fromGid = this.id ? /\/(\d+)(?:\?|$)/.exec(this.id)?.[1] : undefined;
    // Above the seeded store's ids (which start at 1,000,001), so the two never meet.
    return fromGid ? Number(fromGid) : 9_000_000_000 + (this.seed % 1_000_000_000);
  }
}

export interface MockSettings {
  shopDomain: string;
  currency: string;
  /** The instant dates are drawn back from. */
  epoch: number;
  /** Inside a bulk operation connections need no page size. */
  unbounded: boolean;
}

export function hash(...parts: readonly (string | number)[]): number {
  // FNV-1a, 32 bits: stable across runs and platforms, unlike anything keyed on object identity.
  let h = 0x811c9dc5;
  for (const part of parts) {
    const text = `${String(part)}\u0000`;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  }
  return h;
}

const day = 86_400_000;
const cities = ['Ottawa', 'Toronto', 'New York', 'Berlin', 'London', 'Sydney', 'Austin'];
const words = ['Classic', 'Organic', 'Everyday', 'Limited', 'Travel', 'Studio', 'Coastal'];

interface Site {
  settings: MockSettings;
  fieldName: string;
  parentType: string;
  args: Record<string, unknown>;
  schema: GraphQLSchema;
  /** The field takes `first`/`last`, so Shopify insists on one of them. */
  paged: boolean;
}

/**
 * The resolver for every field without one: the source's own property when it has one (the
 * store's records and the resolvers' plain objects), otherwise a made-up value.
 */
export function mockingFieldResolver(
  settingsOf: (context: unknown) => MockSettings,
): GraphQLFieldResolver<unknown, unknown> {
  return (source, args, context, info) => {
    if (isRecord(source) && !(source instanceof Mock)) {
      const own = source[info.fieldName];
      if (own !== undefined) {
        return typeof own === 'function'
          ? (own as (...a: unknown[]) => unknown).call(source, args, context, info)
          : own;
      }
    }
    const site: Site = {
      settings: settingsOf(context),
      fieldName: info.fieldName,
      parentType: info.parentType.name,
      args,
      schema: info.schema,
      paged:
        info.parentType.getFields()[info.fieldName]?.args.some((a) => a.name === 'first') ?? false,
    };
    if (source instanceof Mock && info.fieldName === 'id' && source.id) return source.id;
    const seed = hash(seedOf(source, info), info.fieldName, stable(args));
    if (source instanceof Mock && info.fieldName === 'id') {
      return `gid://shopify/${source.typeName}/${source.numericId}`;
    }
    if (source instanceof Mock && info.fieldName === 'legacyResourceId') {
      return String(source.numericId);
    }
    return mockValue(info.returnType, seed, site);
  };
}

/** Which concrete type an abstract field's value is, for Mocks and tagged records alike. */
export function mockTypeOf(value: unknown): string | undefined {
  return value instanceof Mock ? value.typeName : undefined;
}

function seedOf(source: unknown, info: GraphQLResolveInfo): number {
  if (source instanceof Mock) return source.seed;
  if (isRecord(source) && (typeof source.id === 'number' || typeof source.id === 'string')) {
    return hash(info.parentType.name, source.id);
  }
  // A root or a plain value object: its place in the response is its identity.
  return hash(info.parentType.name, pathOf(info.path));
}

function pathOf(path: GraphQLResolveInfo['path'] | undefined): string {
  const parts: (string | number)[] = [];
  for (let p = path?.prev; p; p = p.prev) parts.unshift(p.key);
  return parts.join('.');
}

function stable(args: Record<string, unknown>): string {
  const keys = Object.keys(args).sort();
  return JSON.stringify(keys.map((k) => [k, args[k]]));
}

export function mockValue(type: GraphQLOutputType, seed: number, site: Site): unknown {
  if (isNonNullType(type)) return mockValue(type.ofType, seed, site);
  if (isListType(type)) {
    // A made-up mutation payload reports success: a made-up user error would read as a refusal.
    if (site.fieldName === 'userErrors') return [];
    const wanted = pageSize(site.args) ?? 2;
    const length = Math.min(wanted, 1 + (seed % 2));
    return Array.from({ length }, (_, i) => mockValue(type.ofType, hash(seed, i), site));
  }
  if (isScalarType(type)) return scalarValue(type.name, seed, site);
  if (isEnumType(type)) {
    const values = type.getValues().filter((v) => !v.deprecationReason);
    const pool = values.length > 0 ? values : type.getValues();
    if (type.name === 'CurrencyCode' && pool.some((v) => v.name === site.settings.currency)) {
      return site.settings.currency;
    }
    return pool[seed % pool.length]?.value;
  }
  if (isAbstractType(type)) {
    const possible = [...site.schema.getPossibleTypes(type)].sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    const chosen = possible[seed % possible.length];
    return chosen ? new Mock(chosen.name, seed) : null;
  }
  if (isObjectType(type) && isConnection(type)) return connection(type, seed, site);
  return new Mock(type.name, seed);
}

function isConnection(type: GraphQLObjectType): boolean {
  const fields = type.getFields();
  return type.name.endsWith('Connection') && 'pageInfo' in fields && 'edges' in fields;
}

function connection(type: GraphQLObjectType, seed: number, site: Site) {
  // Shopify's own refusals for a page size missing or above 250 (bulk operations read whole).
  if (site.paged && !site.settings.unbounded) checkPageArgs(site.args);
  const fields = type.getFields();
  const nodeType = fields.nodes
    ? getNamedType(fields.nodes.type)
    : getNamedType(
        (getNamedType(fields.edges?.type) as GraphQLObjectType).getFields().node?.type ??
          fields.edges!.type,
      );
  const length = Math.min(pageSize(site.args) ?? 2, 2);
  const nodes = Array.from({ length }, (_, i) =>
    mockValue(nodeType as GraphQLOutputType, hash(seed, i), site),
  );
  const edges = nodes.map((node, i) => ({
    cursor: encodeCursor({ last_id: hash(seed, i), last_value: hash(seed, i) }),
    node,
  }));
  return {
    edges,
    nodes,
    pageInfo: {
      hasNextPage: false,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

function pageSize(args: Record<string, unknown>): number | undefined {
  const size = typeof args.first === 'number' ? args.first : args.last;
  return typeof size === 'number' ? Math.max(0, size) : undefined;
}

function scalarValue(name: string, seed: number, site: Site): unknown {
  const n = seed % 10_000;
  const field = site.fieldName.toLowerCase();
  switch (name) {
    case 'ID':
    case 'StorefrontID':
      return `gid://shopify/${idType(site)}/${9_000_000_000 + (seed % 1_000_000_000)}`;
    case 'Int':
      return field.includes('count') || field.includes('quantity') ? seed % 20 : seed % 100;
    case 'Float':
      return (seed % 10_000) / 100;
    case 'Boolean':
      return seed % 2 === 0;
    case 'DateTime':
      return isoSeconds(site.settings.epoch - (seed % (365 * day)));
    case 'Date':
      return new Date(site.settings.epoch - (seed % (365 * day))).toISOString().slice(0, 10);
    case 'Decimal':
    case 'Money':
      return ((seed % 20_000) / 100).toFixed(2);
    case 'URL':
      return /image|src|thumbnail/i.test(`${site.parentType} ${field}`)
        ? `https://cdn.shopify.com/s/files/1/0000/0001/files/${n}.jpg`
        : `https://${site.settings.shopDomain}/${kebab(site.parentType)}/${n}`;
    case 'HTML':
      return `<p>${words[seed % words.length] ?? ''} ${site.parentType}</p>`;
    case 'JSON':
      return {};
    case 'UnsignedInt64':
    case 'BigInt':
      return String(seed);
    case 'Color':
      return `#${(seed & 0xffffff).toString(16).padStart(6, '0')}`;
    case 'UtcOffset':
      return '+00:00';
    case 'ARN':
      return `arn:aws:events:us-east-1::event-source/aws.partner/shopify.com/${n}/sandbox`;
    default:
      return stringValue(field, seed, site);
  }
}

function stringValue(field: string, seed: number, site: Site): string {
  const n = seed % 10_000;
  const word = words[seed % words.length] ?? 'Sandbox';
  if (field.includes('email')) return `customer${n}@example.com`;
  if (field.includes('phone')) return `+1613555${String(n).padStart(4, '0')}`;
  if (field === 'currencycode' || field === 'currency') return site.settings.currency;
  if (field.includes('countrycode')) return 'US';
  if (field.includes('provincecode')) return 'NY';
  if (field === 'country') return 'United States';
  if (field === 'city') return cities[seed % cities.length] ?? 'Ottawa';
  if (field === 'zip') return String(10_000 + n);
  if (field.includes('domain') || field === 'host') return site.settings.shopDomain;
  if (field === 'handle') return `${word.toLowerCase()}-${n}`;
  if (field === 'sku') return `SKU-${n}`;
  if (field.includes('timezone')) return 'America/New_York';
  if (field.includes('name') || field.includes('title')) return `${word} ${site.parentType} ${n}`;
  if (field.includes('cursor')) return encodeCursor({ last_id: seed, last_value: seed });
  return `${word} ${site.fieldName} ${n}`;
}

/** The type in an ID field's gid: the object's own for `id`, the field's stem otherwise. */
function idType(site: Site): string {
  if (site.fieldName === 'id') return site.parentType;
  const stem = site.fieldName.replace(/Ids?$/, '');
  return stem ? stem.charAt(0).toUpperCase() + stem.slice(1) : site.parentType;
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function kebab(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
