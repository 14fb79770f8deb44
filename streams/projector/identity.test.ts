import { describe, expect, it } from 'vitest';
import { resolvePeople, type IdentityFacts } from './identity';

const at = new Date('2025-01-01T00:00:00Z');
function identity(id: string, source: string, facts: Partial<IdentityFacts> = {}): IdentityFacts {
  return {
    id,
    source,
    sourceId: `${source}-${id}`,
    emailNorm: null,
    phoneNorm: null,
    shopifyCustomerRef: null,
    email: null,
    firstName: null,
    lastName: null,
    phone: null,
    updatedAt: at,
    ...facts,
  };
}

describe('resolvePeople', () => {
  it('joins on email, then phone, then Shopify cross-reference, and keeps every identity', () => {
    const people = resolvePeople([
      identity('d', 'shopify', { sourceId: '77', emailNorm: 'ada@x.io', firstName: 'Ada' }),
      identity('b', 'crm', {
        emailNorm: 'ada@x.io',
        phoneNorm: '15550102030',
        firstName: 'Augusta',
      }),
      identity('c', 'erp', { phoneNorm: '15550102030' }),
      identity('a', 'accounting', { shopifyCustomerRef: '77' }),
      identity('e', 'crm', { emailNorm: 'someone@else.io' }),
    ]);
    expect(people).toHaveLength(2);
    const [ada, other] = people;
    expect(ada?.customerId).toBe('a');
    expect(ada?.identityIds).toEqual(['a', 'b', 'c', 'd']);
    // Shopify outranks the CRM for golden fields.
    expect(ada?.golden.firstName).toBe('Ada');
    expect(other?.identityIds).toEqual(['e']);
  });

  it('gives the same people whatever the order of the identities', () => {
    const identities = [
      identity('k', 'shopify', { sourceId: '1', emailNorm: 'x@y.z' }),
      identity('m', 'erp', { emailNorm: 'x@y.z' }),
      identity('j', 'crm', { phoneNorm: '4930123456' }),
      identity('l', 'accounting', { phoneNorm: '4930123456', shopifyCustomerRef: '1' }),
    ];
    const expected = resolvePeople(identities);
    expect(resolvePeople([...identities].reverse())).toEqual(expected);
    expect(expected).toHaveLength(1);
    expect(expected[0]?.customerId).toBe('j');
  });

  it('does not merge on a missing key', () => {
    expect(resolvePeople([identity('a', 'crm'), identity('b', 'erp')])).toHaveLength(2);
  });
});
