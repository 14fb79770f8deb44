import * as f from './fixtures';
import { ok, type FakeAnswer, type FakeRequest } from './fake-shopify';

/**
 * A two-customer, one-order store answering the connector's documents by operation name, for the
 * connector tests. `failOnce` makes the named operation fail once (for resume tests).
 */

const page = (nodes: unknown[], endCursor: string | null, hasNextPage = false) => ({
  nodes,
  pageInfo: { hasNextPage, endCursor },
});

const secondCustomer = {
  ...f.customerNode,
  id: 'gid://shopify/Customer/7408123456790',
  email: 'charles@example.com',
  updatedAt: '2024-05-11T09:00:00Z',
};

const op = (query: string) => /^\s*(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? 'anonymous';

export function fakeStore(baseUrl: () => string, failOnce = new Set<string>()) {
  return (req: FakeRequest): FakeAnswer => {
    const name = op(req.query);
    const key = `${name}:${String(req.variables.after ?? '')}`;
    if (failOnce.delete(key)) return { status: 400, body: { errors: 'bad request' } };
    switch (name) {
      case 'Counts':
        return ok({
          customersCount: { count: 2 },
          ordersCount: { count: 1 },
          productsCount: { count: 1 },
          locationsCount: { count: 1 },
        });
      case 'Locations':
        return ok({ locations: page([f.locationNode], 'l1') });
      case 'Products':
        return ok({ products: page([f.productNode], 'p1') });
      case 'Customers':
        return req.variables.after === 'c1'
          ? ok({ customers: page([secondCustomer], 'c2') })
          : ok({ customers: page([f.customerNode], 'c1', true) });
      case 'Orders':
        return ok({ orders: page([f.orderNode], 'o1') });
      case 'InventoryLevels':
      case 'InventoryLevelsSince':
        return ok({
          location: { id: f.locationNode.id, inventoryLevels: page([f.inventoryLevelNode], 'i1') },
        });
      case 'Order':
        return ok({ order: f.orderNode });
      case 'InventoryLevel':
        return ok({ inventoryItem: { inventoryLevel: f.inventoryLevelNode } });
      case 'BulkRun': {
        const entity = /\{\s*(customers|orders|products|locations)\b/.exec(
          String(req.variables.query),
        )?.[1];
        return ok({
          bulkOperationRunQuery: {
            bulkOperation: { id: `gid://shopify/BulkOperation/${entity}`, status: 'CREATED' },
            userErrors: [],
          },
        });
      }
      case 'BulkStatus': {
        const entity = String(req.variables.id).split('/').pop();
        return ok({
          node: {
            id: req.variables.id,
            status: 'COMPLETED',
            errorCode: null,
            objectCount: '3',
            rootObjectCount: '1',
            url: `${baseUrl()}/files/${entity}.jsonl`,
            partialDataUrl: null,
          },
        });
      }
      default:
        return { body: { errors: [{ message: `unknown operation ${name}` }] } };
    }
  };
}

const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

/** Bulk result files: children flattened out with `__parentId`, as Shopify writes them. */
export function bulkFiles(): Record<string, string> {
  const { lineItems, ...order } = f.orderNode;
  const { variants, ...product } = f.productNode;
  return {
    'orders.jsonl': jsonl([order, ...lineItems.nodes.map((l) => ({ ...l, __parentId: order.id }))]),
    'products.jsonl': jsonl([
      product,
      ...variants.nodes.map((v) => ({ ...v, __parentId: product.id })),
    ]),
    'customers.jsonl': jsonl([f.customerNode, secondCustomer]),
    'locations.jsonl': jsonl([
      f.locationNode,
      { ...f.inventoryLevelNode, __parentId: f.locationNode.id },
    ]),
  };
}
