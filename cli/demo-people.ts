import type { Person } from '../sandbox/toolkit/people';

/**
 * Who the demo's other systems know: people drawn from the Shopify sandbox's customers, each system
 * holding a share of them, with emails written the way that system's users typed them (case and
 * stray spaces differ). Identity resolution has to see through exactly that to give one customer
 * per person.
 */

export interface ShopCustomer {
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
}

export interface DemoPeople {
  erp: Person[];
  crm: Person[];
  accounting: Person[];
}

const titleCase = (email: string) =>
  email.replace(/(^|[._@-])([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase());

const capitalised = (email: string) => email.charAt(0).toUpperCase() + email.slice(1);

/** Deterministic membership: the same customers land in the same systems on every start. */
export function demoPeople(customers: readonly ShopCustomer[]): DemoPeople {
  const people: DemoPeople = { erp: [], crm: [], accounting: [] };
  customers.forEach((c, i) => {
    if (!c.email || !c.firstName || !c.lastName) return;
    const base = {
      firstName: c.firstName,
      lastName: c.lastName,
      ...(c.phone ? { phone: c.phone } : {}),
    };
    // Marketing knows nearly everyone; the ERP and the books know the ones who buy on account.
    if (i % 10 !== 9) people.crm.push({ ...base, email: ` ${capitalised(c.email)}` });
    if (i % 3 !== 2) people.erp.push({ ...base, email: titleCase(c.email) });
    if (i % 4 !== 3) people.accounting.push({ ...base, email: `${c.email.toUpperCase()} ` });
  });
  return people;
}
