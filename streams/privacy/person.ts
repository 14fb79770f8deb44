import type { PrivacyRequest } from '../../schema/events';
import type { Customer, CustomerIdentity, Order } from '../../store/entities';
import { normaliseEmail, normalisePhone, recordId } from '../../store/ids';
import { selectWhereAny, type Bulk } from '../projector/sink/bulk';

/**
 * Everything the store holds that is one person, found from what a privacy request names: the
 * Shopify customer's identity, and any identity sharing its email or phone (the keys identity
 * resolution merges on); then every identity of the customers those belong to, in all four
 * systems, and the person's orders.
 */
export interface Person {
  customers: Customer[];
  identities: CustomerIdentity[];
  /** Record ids of the person's Shopify orders (by customer, and those the request names). */
  orderIds: string[];
}

const unique = <T>(values: Iterable<T>): T[] => [...new Set(values)];

export async function findPerson(
  bulk: Bulk,
  customer: NonNullable<PrivacyRequest['customer']>,
  requestedOrderIds: readonly string[],
): Promise<Person> {
  const email = normaliseEmail(customer.email);
  const phone = normalisePhone(customer.phone);
  const seeds = await selectWhereAny<CustomerIdentity>(bulk, 'CustomerIdentity', [
    { property: 'id', values: [recordId('shopify', 'customer', customer.id)] },
    { property: 'emailNorm', values: email ? [email] : [] },
    { property: 'phoneNorm', values: phone ? [phone] : [] },
  ]);
  return personOf(bulk, seeds, [customer.id], requestedOrderIds);
}

/** The person of the given identities: their customers, all their identities, their orders. */
export async function personOf(
  bulk: Bulk,
  seeds: CustomerIdentity[],
  shopifyCustomerIds: readonly string[],
  requestedOrderIds: readonly string[],
): Promise<Person> {
  const customerIds = unique(seeds.map((s) => s.customerId));
  const identities = await selectWhereAny<CustomerIdentity>(bulk, 'CustomerIdentity', [
    { property: 'customerId', values: customerIds },
  ]);
  const customers = await selectWhereAny<Customer>(bulk, 'Customer', [
    { property: 'id', values: customerIds },
  ]);
  const shopifyIds = unique([
    ...shopifyCustomerIds,
    ...identities.filter((i) => i.source === 'shopify').map((i) => i.sourceId),
  ]);
  const orders = await selectWhereAny<Pick<Order, 'id'>>(bulk, 'Order', [
    { property: 'customerSourceId', values: shopifyIds },
  ]);
  return {
    customers,
    identities,
    orderIds: unique([
      ...orders.map((o) => o.id),
      ...requestedOrderIds.map((id) => recordId('shopify', 'order', id)),
    ]),
  };
}

/** The identities of one source, e.g. the CRM contacts of a person. */
export const identitiesOf = (person: Person, source: string): CustomerIdentity[] =>
  person.identities.filter((i) => i.source === source);
