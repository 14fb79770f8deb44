/**
 * Identity resolution as a pure function: given every identity in a neighbourhood, it returns the
 * people they form. The projector loads the neighbourhood of the identities a batch touched and
 * writes back what this returns, so the result depends only on the current identities, never on
 * the order in which their events arrived.
 */

export interface IdentityFacts {
  id: string;
  source: string;
  sourceId: string;
  emailNorm: string | null;
  phoneNorm: string | null;
  /** A Shopify customer id carried by an ERP, CRM or accounting customer. */
  shopifyCustomerRef: string | null;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  updatedAt: Date;
}

export interface Person {
  /** The smallest identity id of the component: stable whatever the order of arrival. */
  customerId: string;
  identityIds: string[];
  golden: {
    email: string | null;
    firstName: string | null;
    lastName: string | null;
    phone: string | null;
    updatedAt: Date;
  };
}

/** Golden fields take the first non-empty value in this order of sources. */
export const SOURCE_PRECEDENCE = ['shopify', 'crm', 'erp', 'accounting'] as const;

/** The keys through which identities meet: email first, then phone, then cross-references. */
export function identityKeys(identity: IdentityFacts): string[] {
  const keys: string[] = [];
  if (identity.emailNorm) keys.push(`email:${identity.emailNorm}`);
  if (identity.phoneNorm) keys.push(`phone:${identity.phoneNorm}`);
  if (identity.source === 'shopify') keys.push(`shopify:${identity.sourceId}`);
  else if (identity.shopifyCustomerRef) keys.push(`shopify:${identity.shopifyCustomerRef}`);
  return keys;
}

export function resolvePeople(identities: IdentityFacts[]): Person[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    for (let node = x; node !== root;) {
      const next = parent.get(node) ?? root;
      parent.set(node, root);
      node = next;
    }
    return root;
  };
  const union = (a: string, b: string) => {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  };

  const owner = new Map<string, string>();
  for (const identity of identities) parent.set(identity.id, identity.id);
  for (const identity of identities) {
    for (const key of identityKeys(identity)) {
      const first = owner.get(key);
      if (first) union(first, identity.id);
      else owner.set(key, identity.id);
    }
  }

  const components = new Map<string, IdentityFacts[]>();
  for (const identity of identities) {
    const root = find(identity.id);
    components.set(root, [...(components.get(root) ?? []), identity]);
  }
  return [...components.values()]
    .map(toPerson)
    .sort((a, b) => a.customerId.localeCompare(b.customerId));
}

function toPerson(members: IdentityFacts[]): Person {
  const ranked = [...members].sort(
    (a, b) =>
      rank(a.source) - rank(b.source) ||
      b.updatedAt.getTime() - a.updatedAt.getTime() ||
      a.id.localeCompare(b.id),
  );
  const first = <K extends 'email' | 'firstName' | 'lastName' | 'phone'>(field: K) =>
    ranked.map((m) => m[field]?.trim()).find((value) => value) ?? null;
  const ids = members.map((m) => m.id).sort();
  return {
    customerId: ids[0] ?? '',
    identityIds: ids,
    golden: {
      email: ranked.map((m) => m.emailNorm).find((value) => value) ?? null,
      firstName: first('firstName'),
      lastName: first('lastName'),
      phone: first('phone'),
      updatedAt: new Date(Math.max(...members.map((m) => m.updatedAt.getTime()))),
    },
  };
}

function rank(source: string): number {
  const index = (SOURCE_PRECEDENCE as readonly string[]).indexOf(source);
  return index === -1 ? SOURCE_PRECEDENCE.length : index;
}
