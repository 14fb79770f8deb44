import { validate, version } from 'uuid';
import { describe, expect, it } from 'vitest';
import {
  locationId,
  normaliseEmail,
  normaliseLocationName,
  normalisePhone,
  normaliseSku,
  recordId,
  variantId,
} from './ids';

describe('deterministic ids', () => {
  it('gives the same uuid v5 for the same record, whatever the call', () => {
    const id = recordId('shopify', 'order', '1001');
    expect(validate(id)).toBe(true);
    expect(version(id)).toBe(5);
    expect(recordId('shopify', 'order', '1001')).toBe(id);
  });

  it('keeps sources, entities and ids apart', () => {
    const ids = new Set([
      recordId('shopify', 'order', '1'),
      recordId('shopify', 'customer', '1'),
      recordId('erp', 'order', '1'),
      recordId('shopify', 'order', '2'),
    ]);
    expect(ids.size).toBe(4);
  });

  it('is stable across releases (a changed namespace would orphan stored rows)', () => {
    expect(recordId('shopify', 'order', '1001')).toMatchInlineSnapshot(
      `"e2a0c9c7-3d4f-5bb0-bb28-bb3567aca34d"`,
    );
  });

  it('derives variants from the normalised SKU', () => {
    expect(variantId(' ab-1 ')).toBe(variantId('AB-1'));
    expect(variantId('AB-1')).not.toBe(variantId('AB-2'));
    expect(() => variantId('  ')).toThrow(/SKU/);
  });

  it('derives locations from the normalised name', () => {
    expect(locationId('  Main   Warehouse ')).toBe(locationId('main warehouse'));
    expect(() => locationId('')).toThrow(/name/);
  });

  it('rejects empty parts of a record id', () => {
    expect(() => recordId('shopify', 'order', '')).toThrow(/sourceId/);
  });
});

describe('normalisers', () => {
  it('normalises SKUs and location names', () => {
    expect(normaliseSku(' sku-9a ')).toBe('SKU-9A');
    expect(normaliseLocationName(' Main\t Warehouse\n')).toBe('main warehouse');
  });

  it('normalises emails, empty to null', () => {
    expect(normaliseEmail('  Ada@Example.COM ')).toBe('ada@example.com');
    expect(normaliseEmail('   ')).toBeNull();
    expect(normaliseEmail(null)).toBeNull();
    expect(normaliseEmail(undefined)).toBeNull();
  });

  it('keeps only the digits of a phone, country code included', () => {
    expect(normalisePhone('+1 (555) 010-2030')).toBe('15550102030');
    expect(normalisePhone('1-555-010-2030')).toBe('15550102030');
    expect(normalisePhone('+44 20 7946 0958')).toBe('442079460958');
  });

  it('drops phones too short to identify anyone', () => {
    expect(normalisePhone('12-34-56')).toBeNull();
    expect(normalisePhone('ext. 42')).toBeNull();
    expect(normalisePhone('')).toBeNull();
    expect(normalisePhone(null)).toBeNull();
    expect(normalisePhone('555 0102')).toBe('5550102');
  });
});

describe('uuidv5', () => {
  it('gives what the uuid package gives', async () => {
    const { v5 } = await import('uuid');
    const { PLEXUS_NAMESPACE, uuidv5 } = await import('./ids');
    // Enough names that every value of the variant's nibble comes up.
    const names = [
      'variant:ÄÖÜ-ß',
      '',
      ...Array.from({ length: 200 }, (_, i) => `record:s:o:${i}`),
    ];
    for (const name of names) expect(uuidv5(name)).toBe(v5(name, PLEXUS_NAMESPACE));
    expect(new Set(names.map((name) => uuidv5(name).charAt(19)))).toEqual(
      new Set(['8', '9', 'a', 'b']),
    );
  });
});
