import { z } from 'zod';

/**
 * Every scope a caller can hold, in one place: the subgraph SDLs declare them with @scope, the
 * keys CLI and the JWT claim are checked against them, and the README's table is this list.
 */
export const scopes = {
  'customers:read': 'Customers and their source identities (ids, sources, timestamps).',
  'pii:read':
    "Personal data: names, email addresses, phone numbers and addresses, the identities' contact details included.",
  'orders:read':
    'Orders, their lines and refunds, the ERP sales orders and shipments made for them, and their flow sync state.',
  'catalog:read': 'Products, variants, locations and stock levels.',
  'finance:read': 'Balances, invoices, payments, fees, refunded amounts and unit costs.',
  'crm:read': "The CRM's view of a customer: lifecycle, owner, company and deals.",
  'profiles:read': 'The marketing profile (consent and the fields a marketing tool reads).',
  admin: 'Operating Plexus: API keys, the dead-letter queue, replays and the console.',
} as const satisfies Record<string, string>;

export type Scope = keyof typeof scopes;

export const scopeNames = Object.keys(scopes) as Scope[];

export const scopeSchema = z.enum(scopeNames as [Scope, ...Scope[]]);

export function isScope(value: string): value is Scope {
  return Object.hasOwn(scopes, value);
}

/** Who is calling: an API key's id or a token's subject, and what they may see. */
export interface Caller {
  id: string;
  scopes: ReadonlySet<string>;
}

/** The caller a GraphQL context carries (`{ caller }`), if any. */
export function callerOf(context: unknown): Caller | undefined {
  if (typeof context !== 'object' || context === null || !('caller' in context)) return undefined;
  const caller = (context as { caller?: unknown }).caller;
  return typeof caller === 'object' && caller !== null && 'scopes' in caller
    ? (caller as Caller)
    : undefined;
}

/** A caller holding every scope: the demo key's rights, and the test helpers'. */
export function allScopesCaller(id = 'all-scopes'): Caller {
  return { id, scopes: new Set(scopeNames) };
}

/**
 * Parses a scope list from the CLI or an identity provider ("a b", "a,b" or an array). Unknown
 * scopes are returned apart so the CLI can refuse them while a token's extra claims are ignored.
 */
export function parseScopes(value: unknown): { known: Scope[]; unknown: string[] } {
  const words =
    typeof value === 'string'
      ? value.split(/[\s,]+/)
      : Array.isArray(value)
        ? value.filter((v): v is string => typeof v === 'string')
        : [];
  const known = new Set<Scope>();
  const unknown: string[] = [];
  for (const word of words.map((w) => w.trim()).filter(Boolean)) {
    if (isScope(word)) known.add(word);
    else unknown.push(word);
  }
  return { known: [...known], unknown };
}

/** The README table of scopes, generated from this file. */
export function scopesMarkdownTable(): string {
  return [
    '| scope | grants |',
    '| --- | --- |',
    ...scopeNames.map((name) => `| \`${name}\` | ${scopes[name]} |`),
  ].join('\n');
}
