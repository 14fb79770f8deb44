import { hash } from 'node:crypto';
import { ValidationError } from '../lib/errors';

// Fixed forever: changing it would give every record a new id and orphan every stored row.
export const PLEXUS_NAMESPACE = 'afc8c130-a0fe-4508-ba46-b32df815493e';

const NAMESPACE_BYTES = Buffer.from(PLEXUS_NAMESPACE.replace(/-/g, ''), 'hex');

// The variant nibble `10xx` for each value of the hash's nibble there: (n & 0b11) | 0b1000.
const VARIANT = '89ab89ab89ab89ab';

/**
 * RFC 4122 version-5 uuid of `name` in the Plexus namespace. Written out rather than taken from the
 * uuid package, whose per-call parsing of the namespace showed in the projector's profile, and
 * with the one-shot crypto.hash, two and a half times faster than a Hash object per id; the test
 * pins its output to the package's.
 */
export function uuidv5(name: string): string {
  const input = Buffer.allocUnsafe(NAMESPACE_BYTES.length + Buffer.byteLength(name, 'utf8'));
  NAMESPACE_BYTES.copy(input, 0);
  input.write(name, NAMESPACE_BYTES.length, 'utf8');
  const hex = hash('sha1', input, 'hex');
  const variant = VARIANT[parseInt(hex.charAt(16), 16)] ?? '8';
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

// Each kind of id gets its own prefix so that a SKU can never collide with a record's name.
const name = (kind: string, ...parts: string[]) => [kind, ...parts].join(':');

/** The id of a source record: the same (source, entity, sourceId) gives the same id everywhere. */
export function recordId(source: string, entity: string, sourceId: string): string {
  if (!source || !entity || !sourceId) {
    throw new ValidationError('recordId needs a source, an entity and a sourceId', [
      `source=${source}`,
      `entity=${entity}`,
      `sourceId=${sourceId}`,
    ]);
  }
  return uuidv5(name('record', source, entity, sourceId));
}

/** The canonical variant: Shopify, the ERP and order lines meet on the SKU, not on vendor ids. */
export function variantId(sku: string): string {
  const normalised = normaliseSku(sku);
  if (!normalised) throw new ValidationError('variantId needs a non-empty SKU');
  return uuidv5(name('variant', normalised));
}

/** The canonical location: Shopify locations and ERP warehouses meet on the name. */
export function locationId(locationName: string): string {
  const normalised = normaliseLocationName(locationName);
  if (!normalised) throw new ValidationError('locationId needs a non-empty name');
  return uuidv5(name('location', normalised));
}

export function normaliseSku(sku: string): string {
  return sku.trim().toUpperCase();
}

export function normaliseLocationName(locationName: string): string {
  return locationName.trim().toLowerCase().replace(/\s+/g, ' ');
}

export function normaliseEmail(email: string | null | undefined): string | null {
  const normalised = email?.trim().toLowerCase();
  return normalised ? normalised : null;
}

// Fewer digits than this cannot tell two people apart, so such a number is no identity key.
const MIN_PHONE_DIGITS = 7;

/** Digits only, country code kept: "+1 (555) 010-2030" and "1-555-010-2030" are one key. */
export function normalisePhone(phone: string | null | undefined): string | null {
  const digits = phone?.replace(/\D/g, '') ?? '';
  return digits.length >= MIN_PHONE_DIGITS ? digits : null;
}
