import {
  customerPayload,
  deletedCustomerPayload,
  deletedProductPayload,
  fulfillmentPayload,
  inventoryLevelPayload,
  orderPayload,
  productPayload,
  refundPayload,
  type ShopFacts,
} from './payloads';
import type { Change, ComplianceRequest, Customer, Order, ShopStore } from './store';
import type { WebhookTopic } from './topics';

// Which webhooks a change of the shop sends, and with what body. An order's change can mean
// several topics at once (paid, cancelled, a new fulfilment): what changed is read against the
// order's last seen state, taken from the seeded shop at start and after every change.
type Json = Record<string, unknown>;

export interface ShopIdentity extends ShopFacts {
  shopDomain: string;
}

/** The shop's numeric id: the sandbox serves one shop, `gid://shopify/Shop/1`. */
const shopId = 1;

interface OrderMark {
  paid: boolean;
  cancelled: boolean;
  fulfillments: number;
}

const paidStatuses = new Set(['PAID', 'PARTIALLY_REFUNDED', 'REFUNDED']);

function markOf(o: Order): OrderMark {
  return {
    paid: paidStatuses.has(o.financialStatus),
    cancelled: o.cancelledAt !== null,
    fulfillments: o.fulfillments.length,
  };
}

export class ShopEvents {
  private readonly marks = new Map<number, OrderMark>();

  constructor(
    private readonly store: ShopStore,
    private readonly shop: ShopIdentity,
  ) {
    for (const o of store.orders.values()) this.marks.set(o.id, markOf(o));
  }

  of(change: Change): [WebhookTopic, Json][] {
    const { store, shop } = this;
    switch (change.kind) {
      case 'customer':
        if (change.op === 'delete') {
          return [['CUSTOMERS_DELETE', deletedCustomerPayload(change.customer)]];
        }
        return [
          [
            change.op === 'create' ? 'CUSTOMERS_CREATE' : 'CUSTOMERS_UPDATE',
            customerPayload(change.customer, shop),
          ],
        ];
      case 'order':
        return this.orderEvents(change.order, change.op);
      case 'refund':
        return [['REFUNDS_CREATE', refundPayload(change.order, change.refund, shop)]];
      case 'product':
        if (change.op === 'delete') {
          return [['PRODUCTS_DELETE', deletedProductPayload(change.product)]];
        }
        return [
          [
            change.op === 'create' ? 'PRODUCTS_CREATE' : 'PRODUCTS_UPDATE',
            productPayload(change.product, store, shop),
          ],
        ];
      case 'inventory_level':
        return [['INVENTORY_LEVELS_UPDATE', inventoryLevelPayload(change.level, shop)]];
      case 'compliance':
        return [this.compliance(change.request, change.customer)];
    }
  }

  private orderEvents(order: Order, op: 'create' | 'update'): [WebhookTopic, Json][] {
    const before = this.marks.get(order.id) ?? { paid: false, cancelled: false, fulfillments: 0 };
    const now = markOf(order);
    this.marks.set(order.id, now);
    const body = orderPayload(order, this.store, this.shop);
    const events: [WebhookTopic, Json][] = [
      [op === 'create' ? 'ORDERS_CREATE' : 'ORDERS_UPDATED', body],
    ];
    if (now.paid && !before.paid) events.push(['ORDERS_PAID', body]);
    if (now.cancelled && !before.cancelled) events.push(['ORDERS_CANCELLED', body]);
    for (const f of order.fulfillments.slice(before.fulfillments)) {
      events.push(['FULFILLMENTS_CREATE', fulfillmentPayload(order, f, this.shop)]);
    }
    return events;
  }

  private compliance(
    request: ComplianceRequest,
    customer: Customer | undefined,
  ): [WebhookTopic, Json] {
    const base = { shop_id: shopId, shop_domain: this.shop.shopDomain };
    if (request === 'shop/redact' || !customer) return ['SHOP_REDACT', base];
    const who = { id: customer.id, email: customer.email, phone: customer.phone };
    const orders = [...this.store.orders.values()]
      .filter((o) => o.customerId === customer.id)
      .map((o) => o.id);
    if (request === 'customers/redact') {
      return ['CUSTOMERS_REDACT', { ...base, customer: who, orders_to_redact: orders }];
    }
    return [
      'CUSTOMERS_DATA_REQUEST',
      {
        ...base,
        orders_requested: orders,
        customer: who,
        // Shopify numbers each request; the customer's id keeps the sandbox's deterministic.
        data_request: { id: customer.id },
      },
    ];
  }
}
