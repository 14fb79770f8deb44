// Canonical rows for one customer known to all four sources, written straight into the store, and
// the customer-360 query over them. `orders` sets how many orders the customer has, so that the
// same query can be measured with 5 and with 200.
import type { SqlEntityManager } from '@mikro-orm/knex';
import * as e from '../../../store/entities';
import { locationId, recordId, variantId } from '../../../store/ids';

export const ids = {
  shopify: recordId('shopify', 'customer', 'shop-1001'),
  erp: recordId('erp', 'customer', 'erp-c-1'),
  crm: recordId('crm', 'contact', 'crm-501'),
  accounting: recordId('accounting', 'customer', 'qb-77'),
  product: recordId('shopify', 'product', 'prod-1'),
  skuA: variantId('SKU-A'),
  skuB: variantId('SKU-B'),
  main: locationId('Main Warehouse'),
  east: locationId('East Depot'),
};

/** The canonical id: the smallest identity id of the cluster (docs/architecture.md). */
export const customerId = [ids.shopify, ids.erp, ids.crm, ids.accounting].sort()[0] as string;

export const orderName = (i: number) => `#${1001 + i}`;
export const orderId = (i: number) => recordId('shopify', 'order', `ord-${i}`);
// Order i was placed i hours after the first, so newest first is descending i.
export const orderCreatedAt = (i: number) => new Date(Date.UTC(2024, 0, 1, i));

const at = (iso: string) => new Date(iso);
const src = (id: string, sourceId: string, updatedAt = at('2024-03-01T00:00:00Z')) => ({
  id,
  sourceId,
  version: updatedAt.getTime(),
  updatedAt,
});

export async function seedCustomer360(root: SqlEntityManager, orders: number): Promise<void> {
  const em = root.fork();
  const identity = (id: string, source: string, entity: string, sourceId: string, email: string) =>
    em.create(e.CustomerIdentity, {
      ...src(id, sourceId),
      source,
      entity,
      customerId,
      email,
      emailNorm: email.trim().toLowerCase(),
      phone: null,
      phoneNorm: null,
      firstName: 'Ada',
      lastName: 'Lovelace',
      shopifyCustomerRef: source === 'shopify' ? null : 'shop-1001',
      addresses: null,
    });

  em.create(e.Customer, {
    id: customerId,
    email: 'ada@example.com',
    firstName: 'Ada',
    lastName: 'Lovelace',
    phone: '+1 555 010 2030',
    updatedAt: at('2024-03-01T00:00:00Z'),
  });
  identity(ids.shopify, 'shopify', 'customer', 'shop-1001', 'ada@example.com');
  identity(ids.erp, 'erp', 'customer', 'erp-c-1', ' ADA@example.com');
  identity(ids.crm, 'crm', 'contact', 'crm-501', 'Ada@Example.com');
  identity(ids.accounting, 'accounting', 'customer', 'qb-77', 'ada@example.com ');

  em.create(e.ErpCustomer, {
    ...src(ids.erp, 'erp-c-1'),
    number: 'C00010',
    balanceDue: '125.5',
    currency: 'USD',
  });
  em.create(e.CrmCompany, {
    ...src(recordId('crm', 'company', 'co-9'), 'co-9'),
    name: 'Analytical Engines Ltd',
    domain: 'engines.example',
  });
  em.create(e.CrmProfile, {
    ...src(ids.crm, 'crm-501'),
    lifecycleStage: 'customer',
    leadStatus: 'CONNECTED',
    ownerEmail: 'owner@shop.example',
    companySourceId: 'co-9',
    marketingConsent: true,
    lastActivityAt: at('2024-02-20T09:30:00Z'),
  });
  em.create(e.CrmDeal, {
    ...src(recordId('crm', 'deal', 'deal-1'), 'deal-1', at('2024-02-01T00:00:00Z')),
    name: 'Wholesale renewal',
    amount: '1200.00',
    currency: 'USD',
    stage: 'closedwon',
    pipeline: 'default',
    closeDate: at('2024-02-01T00:00:00Z'),
    contactSourceIds: ['crm-501', 'crm-999'],
  });
  em.create(e.CrmDeal, {
    ...src(recordId('crm', 'deal', 'deal-2'), 'deal-2', at('2024-02-05T00:00:00Z')),
    name: 'Somebody else',
    amount: '99.00',
    currency: 'USD',
    stage: 'appointmentscheduled',
    pipeline: null,
    closeDate: null,
    contactSourceIds: ['crm-999'],
  });
  em.create(e.AccountingCustomer, {
    ...src(ids.accounting, 'qb-77'),
    displayName: 'Ada Lovelace',
    balance: '80',
    currency: 'USD',
  });

  em.create(e.Product, {
    ...src(ids.product, 'prod-1'),
    title: 'Difference Engine Kit',
    handle: 'difference-engine-kit',
    status: 'ACTIVE',
    vendor: 'Babbage & Co',
    productType: 'Kit',
    createdAt: at('2023-12-01T00:00:00Z'),
  });
  for (const [id, sku, price] of [
    [ids.skuA, 'SKU-A', '19.99'],
    [ids.skuB, 'SKU-B', '5.00'],
  ] as const) {
    em.create(e.Variant, {
      id,
      sku,
      sourceId: `var-${sku}`,
      productId: ids.product,
      title: sku,
      price,
      inventoryItemId: `inv-${sku}`,
      version: 1,
    });
  }
  em.create(e.ErpItem, {
    ...src(recordId('erp', 'item', 'SKU-A'), 'SKU-A'),
    number: 'SKU-A',
    variantId: ids.skuA,
    displayName: 'Kit A',
    unitPrice: '19.99',
    unitCost: '4.2',
    inventory: 15,
  });

  const location = (source: string, sourceId: string, name: string, code: string | null) =>
    em.create(e.Location, {
      ...src(recordId(source, 'location', sourceId), sourceId),
      source,
      locationId: locationId(name),
      name,
      code,
    });
  location('shopify', 'gid-1', 'Main Warehouse', null);
  location('erp', 'MAIN', 'main  warehouse', 'MAIN');
  location('erp', 'EAST', 'East Depot', 'EAST');
  const level = (source: string, sku: string, loc: string, q: [number, number, number, number]) =>
    em.create(e.InventoryLevel, {
      ...src(recordId(source, 'inventory-level', `${sku}:${loc}`), `${sku}:${loc}`),
      source,
      variantId: variantId(sku),
      sku,
      locationSourceId: loc,
      onHand: q[0],
      available: q[1],
      committed: q[2],
      incoming: q[3],
    });
  level('erp', 'SKU-A', 'EAST', [4, 4, 0, 0]);
  level('erp', 'SKU-A', 'MAIN', [10, 7, 3, 5]);
  level('erp', 'SKU-B', 'MAIN', [2, 2, 0, 1]);
  level('shopify', 'SKU-A', 'gid-1', [99, 99, 0, 0]); // Shopify's own count: not the ERP's stock

  for (let i = 0; i < orders; i++) {
    const id = orderId(i);
    em.create(e.Order, {
      ...src(id, `ord-${i}`, orderCreatedAt(i)),
      name: orderName(i),
      email: 'ada@example.com',
      customerSourceId: 'shop-1001',
      currency: 'USD',
      totalPrice: '44.98',
      subtotalPrice: '44.98',
      totalTax: '0',
      financialStatus: 'paid',
      fulfillmentStatus: i === 0 ? 'fulfilled' : null,
      createdAt: orderCreatedAt(i),
      cancelledAt: null,
    });
    em.create(e.OrderLine, {
      id: recordId('shopify', 'line-item', `${i}-1`),
      orderId: id,
      position: 0,
      sku: 'SKU-A',
      variantId: ids.skuA,
      title: 'Kit A',
      quantity: 2,
      unitPrice: '19.99',
    });
    em.create(e.OrderLine, {
      id: recordId('shopify', 'line-item', `${i}-2`),
      orderId: id,
      position: 1,
      sku: 'SKU-B',
      variantId: ids.skuB,
      title: 'Kit B',
      quantity: 1,
      unitPrice: '5',
    });
    em.create(e.SalesOrder, {
      ...src(recordId('erp', 'sales-order', `so-${i}`), `so-${i}`),
      number: `SO-${1001 + i}`,
      orderName: orderName(i),
      customerNumber: 'C00010',
      status: i === 0 ? 'Released' : 'Open',
      orderDate: orderCreatedAt(i),
      total: '44.98',
      currency: 'USD',
    });
    em.create(e.Shipment, {
      ...src(recordId('erp', 'shipment', `sh-${i}`), `sh-${i}`),
      number: `SH-${1001 + i}`,
      salesOrderNumber: `SO-${1001 + i}`,
      postedAt: new Date(orderCreatedAt(i).getTime() + 2 * 86_400_000),
    });
    em.create(e.Invoice, {
      ...src(recordId('accounting', 'invoice', `inv-${i}`), `inv-${i}`),
      number: `INV-${1001 + i}`,
      customerSourceId: 'qb-77',
      orderName: orderName(i),
      issuedAt: orderCreatedAt(i),
      currency: 'USD',
      total: '44.98',
      balance: i === 0 ? '0' : '44.98',
    });
  }
  if (orders > 0) {
    em.create(e.OrderRefund, {
      id: recordId('shopify', 'refund', 'r-1'),
      orderId: orderId(0),
      createdAt: at('2024-01-02T00:00:00Z'),
      amount: '5.00',
      note: 'damaged box',
    });
    em.create(e.CreditMemo, {
      ...src(recordId('accounting', 'credit-memo', 'cm-1'), 'cm-1'),
      number: 'CM-1',
      customerSourceId: 'qb-77',
      orderName: orderName(0),
      issuedAt: at('2024-01-04T00:00:00Z'),
      amount: '5.00',
      currency: 'USD',
    });
    em.create(e.CreditMemo, {
      ...src(recordId('accounting', 'credit-memo', 'cm-2'), 'cm-2'),
      number: 'CM-2',
      customerSourceId: 'qb-77',
      orderName: orderName(0),
      issuedAt: at('2024-01-05T00:00:00Z'),
      amount: '0.10',
      currency: 'USD',
    });
    em.create(e.Fee, {
      ...src(recordId('accounting', 'journal-entry', 'je-1'), 'je-1'),
      orderName: orderName(0),
      postedAt: at('2024-01-01T00:00:00Z'),
      amount: '1.60',
      currency: 'USD',
      description: 'Payment fee',
    });
    em.create(e.Fee, {
      ...src(recordId('accounting', 'journal-entry', 'je-2'), 'je-2'),
      orderName: orderName(0),
      postedAt: at('2024-01-01T00:00:00Z'),
      amount: '0.30',
      currency: 'USD',
      description: 'Payment fee',
    });
    em.create(e.Payment, {
      ...src(recordId('accounting', 'payment', 'pay-1'), 'pay-1'),
      customerSourceId: 'qb-77',
      paidAt: at('2024-01-02T00:00:00Z'),
      amount: '44.98',
      currency: 'USD',
      invoiceSourceIds: ['inv-0'],
    });
  }
  await em.flush();
}

export const customer360Query = /* GraphQL */ `
  query Customer360($id: ID!, $orders: Int!) {
    customer(id: $id) {
      id
      email
      firstName
      lastName
      identities {
        source
        sourceId
      }
      erp {
        number
        balanceDue {
          amount
          currencyCode
        }
      }
      crm {
        lifecycleStage
        leadStatus
        ownerEmail
        marketingConsent
        lastActivityAt
        company {
          name
          domain
        }
        deals {
          totalCount
          nodes {
            name
            stage
            amount {
              amount
              currencyCode
            }
          }
        }
      }
      accounting {
        openBalance {
          amount
          currencyCode
        }
        currency
        invoices(first: 2) {
          totalCount
          nodes {
            number
            issuedAt
            total {
              amount
            }
            balance {
              amount
            }
          }
        }
        payments(first: 2) {
          totalCount
          nodes {
            paidAt
            amount {
              amount
              currencyCode
            }
          }
        }
      }
      orders(first: $orders) {
        totalCount
        pageInfo {
          hasNextPage
        }
        nodes {
          id
          name
          createdAt
          totalPrice {
            amount
            currencyCode
          }
          refunds {
            amount {
              amount
            }
            note
          }
          erp {
            salesOrderNumber
            status
            shipments {
              number
              postedAt
            }
          }
          accounting {
            invoiceNumber
            paid
            refundedAmount {
              amount
            }
            fees {
              amount
              currencyCode
            }
          }
          lineItems {
            sku
            quantity
            unitPrice {
              amount
              currencyCode
            }
            variant {
              id
              sku
              price {
                amount
                currencyCode
              }
              unitCost {
                amount
              }
              product {
                title
              }
              stock {
                location {
                  id
                  name
                }
                onHand
                available
                committed
                incoming
              }
            }
          }
        }
      }
    }
  }
`;
