import type {
  Change,
  ComplianceRequest,
  ChangeListener,
  Customer,
  FulfillmentOrder,
  InventoryItem,
  InventoryLevel,
  Location,
  Order,
  Product,
  QuantityName,
  Refund,
  Variant,
} from './model';
import { cents } from './model';

// The sandbox shop's in-memory state. Every mutation stamps updatedAt and emits a change, from
// which webhooks are derived. The records' types live in model.ts and are re-exported here.
export * from './model';

export class ShopStore {
  readonly customers = new Map<number, Customer>();
  readonly orders = new Map<number, Order>();
  readonly products = new Map<number, Product>();
  readonly variants = new Map<number, Variant>();
  readonly inventoryItems = new Map<number, InventoryItem>();
  readonly locations = new Map<number, Location>();
  /** Keyed by `${inventoryItemId}:${locationId}`. */
  readonly inventoryLevels = new Map<string, InventoryLevel>();
  /** By order id, made when first asked for (fulfillment-orders.ts). */
  readonly fulfillmentOrders = new Map<number, FulfillmentOrder[]>();
  private readonly listeners = new Set<ChangeListener>();
  private nextId = 1_000_001;
  private nextOrderNumber = 1001;
  private lastStamp = 0;

  constructor(private readonly clock: () => number = Date.now) {}

  /** Ids are unique across types, like Shopify's, and always rise. */
  newId(): number {
    return this.nextId++;
  }

  newOrderNumber(): number {
    return this.nextOrderNumber++;
  }

  /**
   * A strictly rising timestamp: two changes in the same millisecond still get distinct
   * `updatedAt` values, so "newest updatedAt wins" is decidable for the connector.
   */
  stamp(): string {
    this.lastStamp = Math.max(this.clock(), this.lastStamp + 1);
    return new Date(this.lastStamp).toISOString();
  }

  /** Seeding writes history directly; the stamp clock must start after it. */
  advanceStampPast(iso: string): void {
    this.lastStamp = Math.max(this.lastStamp, Date.parse(iso));
  }

  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(change: Change): void {
    for (const listener of this.listeners) listener(change);
  }

  levelKey(inventoryItemId: number, locationId: number): string {
    return `${inventoryItemId}:${locationId}`;
  }

  levelsOfItem(inventoryItemId: number): InventoryLevel[] {
    return [...this.locations.keys()]
      .map((locationId) => this.inventoryLevels.get(this.levelKey(inventoryItemId, locationId)))
      .filter((level): level is InventoryLevel => level !== undefined);
  }

  levelsAtLocation(locationId: number): InventoryLevel[] {
    return [...this.inventoryLevels.values()].filter((level) => level.locationId === locationId);
  }

  findLevelById(id: number): InventoryLevel | undefined {
    for (const level of this.inventoryLevels.values()) if (level.id === id) return level;
    return undefined;
  }

  // --- Mutations the traffic generator, the GraphQL mutations and tests use. -----------------

  upsertCustomer(customer: Customer, op: 'create' | 'update'): Customer {
    customer.updatedAt = this.stamp();
    if (op === 'create') customer.createdAt = customer.updatedAt;
    this.customers.set(customer.id, customer);
    this.emit({ kind: 'customer', op, customer });
    return customer;
  }

  deleteCustomer(id: number): boolean {
    const customer = this.customers.get(id);
    if (!customer) return false;
    this.customers.delete(id);
    this.emit({ kind: 'customer', op: 'delete', customer });
    return true;
  }

  upsertOrder(order: Order, op: 'create' | 'update'): Order {
    order.updatedAt = this.stamp();
    if (op === 'create') {
      order.createdAt = order.updatedAt;
      order.processedAt = order.updatedAt;
    }
    this.orders.set(order.id, order);
    this.emit({ kind: 'order', op, order });
    return order;
  }

  /** A refund changes its order too: Shopify sends refunds/create and orders/updated. */
  addRefund(order: Order, amount: string, note: string | null): Refund {
    const at = this.stamp();
    const refund: Refund = {
      id: this.newId(),
      orderId: order.id,
      amount,
      note,
      createdAt: at,
      updatedAt: at,
    };
    order.refunds.push(refund);
    order.transactions.push({
      id: this.newId(),
      kind: 'REFUND',
      status: 'SUCCESS',
      amount,
      gateway: order.transactions[0]?.gateway ?? 'shopify_payments',
      createdAt: at,
    });
    const refunded = order.refunds.reduce((sum, r) => sum + cents(r.amount), 0);
    order.financialStatus = refunded >= cents(order.total) ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
    order.updatedAt = at;
    this.emit({ kind: 'refund', op: 'create', order, refund });
    this.emit({ kind: 'order', op: 'update', order });
    return refund;
  }

  upsertProduct(product: Product, op: 'create' | 'update'): Product {
    product.updatedAt = this.stamp();
    if (op === 'create') product.createdAt = product.updatedAt;
    this.products.set(product.id, product);
    this.emit({ kind: 'product', op, product });
    return product;
  }

  deleteProduct(id: number): boolean {
    const product = this.products.get(id);
    if (!product) return false;
    for (const variantId of product.variantIds) {
      const variant = this.variants.get(variantId);
      if (!variant) continue;
      for (const level of this.levelsOfItem(variant.inventoryItemId)) {
        this.inventoryLevels.delete(this.levelKey(level.inventoryItemId, level.locationId));
      }
      this.inventoryItems.delete(variant.inventoryItemId);
      this.variants.delete(variantId);
    }
    this.products.delete(id);
    this.emit({ kind: 'product', op: 'delete', product });
    return true;
  }

  /**
   * A privacy request, as Shopify relays it to every installed app: a customer asks for their
   * data or its erasure, or the shop uninstalled the app 48 hours ago. Nothing changes here.
   */
  requestCompliance(request: ComplianceRequest, customerId?: number): void {
    const customer = customerId === undefined ? undefined : this.customers.get(customerId);
    if (request !== 'shop/redact' && !customer) throw new Error(`no customer ${customerId}`);
    this.emit({ kind: 'compliance', request, customer });
  }

  /** Sets one named quantity; `on_hand` follows `available` as in Shopify's model. */
  setQuantity(level: InventoryLevel, name: QuantityName, quantity: number): void {
    const delta = quantity - level.quantities[name];
    level.quantities[name] = quantity;
    if (name === 'available') level.quantities.on_hand += delta;
    if (name === 'on_hand') level.quantities.available += delta;
    level.updatedAt = this.stamp();
    const item = this.inventoryItems.get(level.inventoryItemId);
    if (item) item.updatedAt = level.updatedAt;
    this.emit({ kind: 'inventory_level', op: 'update', level });
  }
}
