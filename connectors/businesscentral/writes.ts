import { z } from 'zod';
import { ValidationError } from '../../lib/errors';
import { HttpApiError } from '../common/http';
import { withQuery, type BcClient } from './client';

/**
 * The writes of the order-to-erp flow, as Business Central API v2.0 takes them: customers created,
 * sales orders created with their lines (deep insert), lines added, changed and removed, headers
 * changed and orders deleted with `If-Match`. Answers are validated here; errors stay HttpApiError
 * (status and BC's `{error: {code, message}}` body) for the caller to judge: see bcRefusal.
 */

const etagged = { '@odata.etag': z.string().min(1) };

export const bcSalesOrderLine = z.object({
  ...etagged,
  id: z.string().min(1),
  sequence: z.number(),
  lineType: z.string(),
  lineObjectNumber: z.string(),
  description: z.string().default(''),
  quantity: z.number(),
  unitPrice: z.number(),
  discountAmount: z.number().default(0),
  shippedQuantity: z.number().default(0),
  locationId: z.string().default(''),
});
export type BcSalesOrderLine = z.infer<typeof bcSalesOrderLine>;

export const bcSalesOrder = z.object({
  ...etagged,
  id: z.string().min(1),
  number: z.string(),
  externalDocumentNumber: z.string(),
  customerNumber: z.string(),
  orderDate: z.string(),
  status: z.string(),
  fullyShipped: z.boolean().default(false),
  email: z.string().default(''),
  salesOrderLines: z.array(bcSalesOrderLine).optional(),
});
export type BcSalesOrder = z.infer<typeof bcSalesOrder>;

export const bcCustomer = z.object({
  ...etagged,
  id: z.string().min(1),
  number: z.string().min(1),
  displayName: z.string(),
  email: z.string().default(''),
});
export type BcCustomer = z.infer<typeof bcCustomer>;

export interface SalesOrderLineInput {
  lineType: 'Item';
  lineObjectNumber: string;
  description?: string;
  quantity: number;
  unitPrice: number;
  discountAmount?: number;
  locationId?: string;
}

export interface SalesOrderInput {
  customerNumber: string;
  externalDocumentNumber: string;
  orderDate: string;
  currencyCode?: string;
  email?: string;
  salesOrderLines: SalesOrderLineInput[];
}

export interface CustomerInput {
  displayName: string;
  email?: string;
  phoneNumber?: string;
  currencyCode?: string;
}

const collection = <T extends z.ZodType>(record: T) => z.object({ value: z.array(record) });

function parse<T extends z.ZodType>(schema: T, body: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw new ValidationError(
      `Business Central answered an unexpected ${what}`,
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    );
  return parsed.data;
}

/** OData string literal: quotes doubled. */
const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

export interface BcWrites {
  findSalesOrders(externalDocumentNumber: string, signal?: AbortSignal): Promise<BcSalesOrder[]>;
  getSalesOrder(id: string, signal?: AbortSignal): Promise<BcSalesOrder | undefined>;
  createSalesOrder(input: SalesOrderInput, signal?: AbortSignal): Promise<BcSalesOrder>;
  patchSalesOrder(
    order: Pick<BcSalesOrder, 'id' | '@odata.etag'>,
    changes: Partial<Omit<SalesOrderInput, 'salesOrderLines'>>,
    signal?: AbortSignal,
  ): Promise<BcSalesOrder>;
  deleteSalesOrder(
    order: Pick<BcSalesOrder, 'id' | '@odata.etag'>,
    signal?: AbortSignal,
  ): Promise<void>;
  addLine(
    orderId: string,
    line: SalesOrderLineInput,
    signal?: AbortSignal,
  ): Promise<BcSalesOrderLine>;
  patchLine(
    orderId: string,
    line: Pick<BcSalesOrderLine, 'id' | '@odata.etag'>,
    changes: Partial<SalesOrderLineInput>,
    signal?: AbortSignal,
  ): Promise<BcSalesOrderLine>;
  deleteLine(
    orderId: string,
    line: Pick<BcSalesOrderLine, 'id' | '@odata.etag'>,
    signal?: AbortSignal,
  ): Promise<void>;
  findCustomers(
    filter: { email?: string; number?: string; displayName?: string },
    signal?: AbortSignal,
  ): Promise<BcCustomer[]>;
  createCustomer(input: CustomerInput, signal?: AbortSignal): Promise<BcCustomer>;
}

export function bcWrites(client: BcClient): BcWrites {
  const orders = client.setUrl('salesOrders');
  const orderUrl = (id: string) => `${orders}(${id})`;
  const linesUrl = (orderId: string) => `${orderUrl(orderId)}/salesOrderLines`;
  const opt = (signal?: AbortSignal) => (signal ? { signal } : {});
  return {
    async findSalesOrders(externalDocumentNumber, signal) {
      const url = withQuery(orders, {
        $filter: `externalDocumentNumber eq ${literal(externalDocumentNumber)}`,
        $expand: 'salesOrderLines',
      });
      const body = await client.json<unknown>({ url, ...opt(signal) });
      return parse(collection(bcSalesOrder), body, 'sales order list').value;
    },
    async getSalesOrder(id, signal) {
      try {
        const body = await client.json<unknown>({
          url: withQuery(orderUrl(id), { $expand: 'salesOrderLines' }),
          ...opt(signal),
        });
        return parse(bcSalesOrder, body, 'sales order');
      } catch (error) {
        if (error instanceof HttpApiError && error.status === 404) return undefined;
        throw error;
      }
    },
    async createSalesOrder(input, signal) {
      const body = await client.json<unknown>({
        method: 'POST',
        url: orders,
        body: input,
        ...opt(signal),
      });
      return parse(bcSalesOrder, body, 'sales order');
    },
    async patchSalesOrder(order, changes, signal) {
      const body = await client.json<unknown>({
        method: 'PATCH',
        url: orderUrl(order.id),
        body: changes,
        headers: { 'if-match': order['@odata.etag'] },
        ...opt(signal),
      });
      return parse(bcSalesOrder, body, 'sales order');
    },
    async deleteSalesOrder(order, signal) {
      await client.json<unknown>({
        method: 'DELETE',
        url: orderUrl(order.id),
        headers: { 'if-match': order['@odata.etag'] },
        ...opt(signal),
      });
    },
    async addLine(orderId, line, signal) {
      const body = await client.json<unknown>({
        method: 'POST',
        url: linesUrl(orderId),
        body: line,
        ...opt(signal),
      });
      return parse(bcSalesOrderLine, body, 'sales order line');
    },
    async patchLine(orderId, line, changes, signal) {
      const body = await client.json<unknown>({
        method: 'PATCH',
        url: `${linesUrl(orderId)}(${line.id})`,
        body: changes,
        headers: { 'if-match': line['@odata.etag'] },
        ...opt(signal),
      });
      return parse(bcSalesOrderLine, body, 'sales order line');
    },
    async deleteLine(orderId, line, signal) {
      await client.json<unknown>({
        method: 'DELETE',
        url: `${linesUrl(orderId)}(${line.id})`,
        headers: { 'if-match': line['@odata.etag'] },
        ...opt(signal),
      });
    },
    async findCustomers(filter, signal) {
      const clauses = [
        filter.email !== undefined ? `email eq ${literal(filter.email)}` : undefined,
        filter.number !== undefined ? `number eq ${literal(filter.number)}` : undefined,
        filter.displayName !== undefined
          ? `displayName eq ${literal(filter.displayName)}`
          : undefined,
      ].filter(Boolean);
      const url = withQuery(client.setUrl('customers'), {
        $filter: clauses.join(' and ') || undefined,
      });
      const body = await client.json<unknown>({ url, ...opt(signal) });
      return parse(collection(bcCustomer), body, 'customer list').value;
    },
    async createCustomer(input, signal) {
      const body = await client.json<unknown>({
        method: 'POST',
        url: client.setUrl('customers'),
        body: input,
        ...opt(signal),
      });
      return parse(bcCustomer, body, 'customer');
    },
  };
}

/** BC's own code and message of a refused write (`{error: {code, message}}`), if it is one. */
export function bcRefusal(
  error: unknown,
): { status: number; code: string; message: string } | undefined {
  if (!(error instanceof HttpApiError) || error.retriable || error.status === undefined)
    return undefined;
  const parsed = z
    .object({ error: z.object({ code: z.string(), message: z.string() }) })
    .safeParse(error.body);
  return {
    status: error.status,
    code: parsed.success ? parsed.data.error.code : `HTTP_${error.status}`,
    message: parsed.success ? parsed.data.error.message : error.message,
  };
}
