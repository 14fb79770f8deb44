import { createHash } from 'node:crypto';
import { ValidationError } from '../lib/errors';

// Fixed forever: changing it would give every record a new id and orphan every stored row.
export const PLEXUS_NAMESPACE = 'afc8c130-a0fe-4508-ba46-b32df815493e';

const NAMESPACE_BYTES = Buffer.from(PLEXUS_NAMESPACE.replace(/-/g, ''), 'hex');

/**
 * RFC 4122 version-5 uuid of `name` in the Plexus namespace. Written out rather than taken from the
 * uuid package, whose per-call parsing of the namespace showed in the projector's profile; the
 * test pins its output to the package's.
 */
export function uuidv5(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE_BYTES).update(name, 'utf8').digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.toString('hex', 0, 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
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
