import { describe, expect, it } from 'vitest';
import { normaliseEmail } from '../store/ids';
import { demoPeople } from './demo-people';

const customer = (i: number) => ({
  email: `ada.lovelace.${i}@example.com`,
  firstName: 'Ada',
  lastName: 'Lovelace',
  phone: i % 2 ? '+15550000000' : null,
});

describe('demoPeople', () => {
  const customers = Array.from({ length: 12 }, (_, i) => customer(i));
  const people = demoPeople(customers);

  it('gives each system a share of the customers, the same share every time', () => {
    expect(people.crm).toHaveLength(11);
    expect(people.erp).toHaveLength(8);
    expect(people.accounting).toHaveLength(9);
    expect(demoPeople(customers)).toEqual(people);
  });

  it('writes emails differently per system, all normalising to the Shopify one', () => {
    const first = [people.crm[0], people.erp[0], people.accounting[0]].map((p) => p?.email);
    expect(first).toEqual([
      ' Ada.lovelace.0@example.com',
      'Ada.Lovelace.0@Example.Com',
      'ADA.LOVELACE.0@EXAMPLE.COM ',
    ]);
    for (const email of first) {
      expect(normaliseEmail(email ?? '')).toBe(normaliseEmail(customer(0).email));
    }
  });

  it('leaves out customers without an email or a name', () => {
    expect(demoPeople([{ email: null, firstName: 'A', lastName: 'B', phone: null }])).toEqual({
      erp: [],
      crm: [],
      accounting: [],
    });
  });
});
