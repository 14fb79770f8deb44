import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { bcError, entityChanged, notFound } from './errors';
import { docNumber } from './ids';
import { etagOf } from './odata';
import type { ApiPath } from './paths';
import type { BcStore, Customer, SalesOrder, SalesOrderLine } from './store';

// Writes as Business Central's API v2.0 takes them: customers created, sales orders created with
// their lines in one request (deep insert), lines added, changed and removed one by one, headers
// changed and orders deleted with `If-Match` (412 when the etag is stale). Refusals are 400s in
// BC's error shape, with the messages BC gives.

const NO_ID = '00000000-0000-0000-0000-000000000000';
const TAX_PERCENT = 8;

const customerBody = z.object({
  displayName: z.string().min(1).max(100),
  type: z.enum(['Person', 'Company']).optional(),
  email: z.string().max(80).optional(),
  phoneNumber: z.string().max(30).optional(),
  addressLine1: z.string().max(100).optional(),
  addressLine2: z.string().max(50).optional(),
  city: z.string().max(30).optional(),
  state: z.string().max(30).optional(),
  country: z.string().max(10).optional(),
  postalCode: z.string().max(20).optional(),
  currencyCode: z.string().max(10).optional(),
});

const lineBody = z.object({
  lineType: z.literal('Item').optional(),
  lineObjectNumber: z.string().min(1).max(20),
  description: z.string().max(100).optional(),
  quantity: z.number().min(0),
  unitPrice: z.number().min(0).optional(),
  discountAmount: z.number().min(0).optional(),
  locationId: z.string().optional(),
});
const linePatch = lineBody.partial();

const orderBody = z.object({
  customerNumber: z.string().optional(),
  customerId: z.string().optional(),
  externalDocumentNumber: z.string().optional(),
  orderDate: z.iso.date().optional(),
  currencyCode: z.string().max(10).optional(),
  email: z.string().max(80).optional(),
  salesOrderLines: z.array(lineBody).optional(),
});
const orderPatch = orderBody.omit({ salesOrderLines: true }).partial();

type Reply = FastifyReply;
const badRequest = (reply: Reply, message: string, code = 'BadRequest') =>
  reply.code(400).send(bcError(code, message));

function invalid(reply: Reply, error: z.ZodError, entity: string) {
  const issue = error.issues[0];
  const field = issue?.path.join('/') ?? '';
  return badRequest(
    reply,
    `Invalid value for property '${field}' of type 'Microsoft.NAV.${entity}': ${issue?.message ?? 'invalid'}.`,
  );
}

const tooLong = (value: string, max: number) =>
  `The length of the string is ${value.length}, but it must be less than or equal to ${max} characters. Value: ${value}`;

/** Handles a POST, PATCH or DELETE on an API path; undefined when BC has no such write. */
export function handleWrite(
  request: FastifyRequest,
  reply: Reply,
  store: BcStore,
  path: ApiPath,
  context: string,
): Reply | undefined {
  const { method } = request;
  const ifMatch = headerOf(request, 'if-match');
  if (path.set === 'customers' && path.id === undefined && method === 'POST')
    return createCustomer(reply, store, request.body, context);
  if (path.set !== 'salesOrders') return undefined;
  if (path.id === undefined && method === 'POST')
    return createOrder(reply, store, request.body, context);
  if (path.id === undefined) return undefined;
  const order = store.get('salesOrders', path.id);
  if (!order) return reply.code(404).send(notFound());
  if (path.navigation === undefined) {
    if (method === 'PATCH') return patchOrder(reply, store, order, ifMatch, request.body, context);
    if (method === 'DELETE') return deleteOrder(reply, store, order, ifMatch);
    return undefined;
  }
  if (path.navigation !== 'salesOrderLines') return undefined;
  if (path.navigationId === undefined && method === 'POST')
    return addLine(reply, store, order, request.body, context);
  const line = (store.lines.get(order.id) ?? []).find((l) => l.id === path.navigationId);
  if (!line) return reply.code(404).send(notFound());
  if (method === 'PATCH')
    return patchLine(reply, store, order, line, ifMatch, request.body, context);
  if (method === 'DELETE') return deleteLine(reply, store, order, line, ifMatch);
  return undefined;
}

function headerOf(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** BC takes `*` or the record's current etag; anything else is 412, a missing header 400. */
function checkEtag(
  reply: Reply,
  record: { id: string; lastModifiedDateTime: string },
  ifMatch: string | undefined,
): Reply | undefined {
  if (ifMatch === undefined)
    return badRequest(
      reply,
      'Could not save the changes because the If-Match header is missing.',
      'Internal_MissingIfMatchHeader',
    );
  if (ifMatch === '*' || ifMatch === etagOf(record)) return undefined;
  return reply.code(412).send(entityChanged());
}

function createCustomer(reply: Reply, store: BcStore, body: unknown, context: string) {
  const parsed = customerBody.safeParse(body);
  if (!parsed.success) return invalid(reply, parsed.error, 'customer');
  const input = parsed.data;
  const numbers = store.list('customers').map((c) => Number(c.number.slice(1)) || 0);
  const customer: Customer = {
    id: randomUUID(),
    number: docNumber('C', Math.max(0, ...numbers) + 10),
    displayName: input.displayName,
    type: input.type ?? 'Person',
    addressLine1: input.addressLine1 ?? '',
    addressLine2: input.addressLine2 ?? '',
    city: input.city ?? '',
    state: input.state ?? '',
    country: input.country ?? '',
    postalCode: input.postalCode ?? '',
    phoneNumber: input.phoneNumber ?? '',
    email: input.email ?? '',
    website: '',
    taxLiable: true,
    currencyCode: input.currencyCode ?? '',
    blocked: ' ',
    balanceDue: 0,
    creditLimit: 0,
    lastModifiedDateTime: '',
  };
  store.upsert('customers', customer);
  return reply.code(201).send(entity(`${context}/customers/$entity`, customer));
}

function createOrder(reply: Reply, store: BcStore, body: unknown, context: string) {
  const parsed = orderBody.safeParse(body);
  if (!parsed.success) return invalid(reply, parsed.error, 'salesOrder');
  const input = parsed.data;
  const customer = findCustomer(store, input.customerNumber, input.customerId);
  if (!customer)
    return badRequest(
      reply,
      `The field Customer No. of table Sales Header contains a value (${input.customerNumber ?? input.customerId ?? ''}) that cannot be found in the related table (Customer).`,
      'Internal_RecordNotFound',
    );
  const external = input.externalDocumentNumber ?? '';
  if (external.length > 35) return badRequest(reply, tooLong(external, 35));
  const id = randomUUID();
  const lines: SalesOrderLine[] = [];
  for (const [i, lineInput] of (input.salesOrderLines ?? []).entries()) {
    const line = buildLine(store, id, (i + 1) * 10000, lineInput);
    if (typeof line === 'string') return badRequest(reply, line, 'Internal_RecordNotFound');
    lines.push(line);
  }
  const numbers = store.list('salesOrders').map((o) => Number(o.number.slice(3)) || 0);
  const today = new Date(store.clock.now()).toISOString().slice(0, 10);
  const order: SalesOrder = {
    id,
    number: `SO-${Math.max(1000, ...numbers) + 1}`,
    externalDocumentNumber: external,
    orderDate: input.orderDate ?? today,
    postingDate: input.orderDate ?? today,
    customerId: customer.id,
    customerNumber: customer.number,
    customerName: customer.displayName,
    email: input.email ?? customer.email,
    currencyCode: input.currencyCode ?? customer.currencyCode,
    pricesIncludeTax: false,
    status: 'Draft',
    totalAmountExcludingTax: 0,
    totalTaxAmount: 0,
    totalAmountIncludingTax: 0,
    fullyShipped: false,
    lastModifiedDateTime: '',
  };
  store.lines.set(id, lines);
  total(order, lines);
  store.upsert('salesOrders', order);
  return reply.code(201).send({
    ...entity(`${context}/salesOrders/$entity`, order),
    salesOrderLines: lines.map(servedLine),
  });
}

function patchOrder(
  reply: Reply,
  store: BcStore,
  order: SalesOrder,
  ifMatch: string | undefined,
  body: unknown,
  context: string,
) {
  const refused = checkEtag(reply, order, ifMatch);
  if (refused) return refused;
  const parsed = orderPatch.safeParse(body);
  if (!parsed.success) return invalid(reply, parsed.error, 'salesOrder');
  const input = parsed.data;
  if (input.externalDocumentNumber !== undefined && input.externalDocumentNumber.length > 35)
    return badRequest(reply, tooLong(input.externalDocumentNumber, 35));
  if (input.customerNumber !== undefined || input.customerId !== undefined) {
    const customer = findCustomer(store, input.customerNumber, input.customerId);
    if (!customer)
      return badRequest(
        reply,
        `The field Customer No. of table Sales Header contains a value (${input.customerNumber ?? input.customerId ?? ''}) that cannot be found in the related table (Customer).`,
        'Internal_RecordNotFound',
      );
    Object.assign(order, {
      customerId: customer.id,
      customerNumber: customer.number,
      customerName: customer.displayName,
    });
  }
  if (input.externalDocumentNumber !== undefined)
    order.externalDocumentNumber = input.externalDocumentNumber;
  if (input.orderDate !== undefined) order.orderDate = input.orderDate;
  if (input.email !== undefined) order.email = input.email;
  if (input.currencyCode !== undefined) order.currencyCode = input.currencyCode;
  store.upsert('salesOrders', order);
  return reply.send(entity(`${context}/salesOrders/$entity`, order));
}

function deleteOrder(reply: Reply, store: BcStore, order: SalesOrder, ifMatch: string | undefined) {
  const refused = checkEtag(reply, order, ifMatch);
  if (refused) return refused;
  if ((store.lines.get(order.id) ?? []).some((l) => l.shippedQuantity > 0))
    return badRequest(
      reply,
      `You cannot delete Order ${order.number} because one or more lines have been shipped.`,
      'Application_DialogException',
    );
  store.delete('salesOrders', order.id);
  return reply.code(204).send();
}

function addLine(reply: Reply, store: BcStore, order: SalesOrder, body: unknown, context: string) {
  const parsed = lineBody.safeParse(body);
  if (!parsed.success) return invalid(reply, parsed.error, 'salesOrderLine');
  const lines = store.lines.get(order.id) ?? [];
  const sequence = Math.max(0, ...lines.map((l) => l.sequence)) + 10000;
  const line = buildLine(store, order.id, sequence, parsed.data);
  if (typeof line === 'string') return badRequest(reply, line, 'Internal_RecordNotFound');
  lines.push(line);
  store.lines.set(order.id, lines);
  touch(store, order);
  return reply.code(201).send(lineEntity(context, order, line));
}

/** A sales order line as BC answers a write of it: the entity with its OData context. */
function lineEntity(context: string, order: SalesOrder, line: SalesOrderLine) {
  return {
    '@odata.context': `${context}/salesOrders(${order.id})/salesOrderLines/$entity`,
    ...servedLine(line),
  };
}

function patchLine(
  reply: Reply,
  store: BcStore,
  order: SalesOrder,
  line: SalesOrderLine,
  ifMatch: string | undefined,
  body: unknown,
  context: string,
) {
  const refused = checkEtag(reply, lineStamped(line), ifMatch);
  if (refused) return refused;
  const parsed = linePatch.safeParse(body);
  if (!parsed.success) return invalid(reply, parsed.error, 'salesOrderLine');
  const input = parsed.data;
  if (input.quantity !== undefined && input.quantity < line.shippedQuantity)
    return badRequest(
      reply,
      `Quantity ${input.quantity} cannot be less than the shipped quantity ${line.shippedQuantity}.`,
      'Application_DialogException',
    );
  const next = buildLine(store, order.id, line.sequence, {
    lineObjectNumber: line.lineObjectNumber,
    quantity: line.quantity,
    unitPrice: line.unitPrice,
    discountAmount: line.discountAmount,
    description: line.description,
    locationId: line.locationId,
    ...input,
  });
  if (typeof next === 'string') return badRequest(reply, next, 'Internal_RecordNotFound');
  Object.assign(line, { ...next, id: line.id, shippedQuantity: line.shippedQuantity });
  touch(store, order);
  return reply.send(lineEntity(context, order, line));
}

function deleteLine(
  reply: Reply,
  store: BcStore,
  order: SalesOrder,
  line: SalesOrderLine,
  ifMatch: string | undefined,
) {
  const refused = checkEtag(reply, lineStamped(line), ifMatch);
  if (refused) return refused;
  if (line.shippedQuantity > 0)
    return badRequest(
      reply,
      `You cannot delete line ${line.sequence} because it has been shipped.`,
      'Application_DialogException',
    );
  store.lines.set(
    order.id,
    (store.lines.get(order.id) ?? []).filter((l) => l.id !== line.id),
  );
  touch(store, order);
  return reply.code(204).send();
}

function findCustomer(store: BcStore, number?: string, id?: string): Customer | undefined {
  if (id !== undefined) return store.get('customers', id.toLowerCase());
  return store.list('customers').find((c) => c.number === number);
}

/** A line from its input, or BC's message when its item or location does not exist. */
function buildLine(
  store: BcStore,
  documentId: string,
  sequence: number,
  input: z.infer<typeof lineBody>,
): SalesOrderLine | string {
  const item = store.list('items').find((i) => i.number === input.lineObjectNumber);
  if (!item)
    return `The field No. of table Sales Line contains a value (${input.lineObjectNumber}) that cannot be found in the related table (Item).`;
  const locationId = input.locationId === NO_ID ? undefined : input.locationId;
  if (locationId !== undefined && !store.get('locations', locationId.toLowerCase()))
    return `The field Location Code of table Sales Line contains a value (${input.locationId}) that cannot be found in the related table (Location).`;
  const unitPrice = input.unitPrice ?? item.unitPrice;
  const discountAmount = input.discountAmount ?? 0;
  const net = round2(input.quantity * unitPrice - discountAmount);
  return {
    id: randomUUID(),
    documentId,
    sequence,
    itemId: item.id,
    lineType: 'Item',
    lineObjectNumber: item.number,
    description: input.description ?? item.displayName,
    unitOfMeasureCode: item.baseUnitOfMeasureCode || 'PCS',
    quantity: input.quantity,
    unitPrice,
    discountAmount,
    amountExcludingTax: net,
    taxPercent: TAX_PERCENT,
    amountIncludingTax: round2(net * (1 + TAX_PERCENT / 100)),
    shipmentDate: new Date(store.clock.now()).toISOString().slice(0, 10),
    shippedQuantity: 0,
    invoicedQuantity: 0,
    itemVariantId: NO_ID,
    locationId: locationId?.toLowerCase() ?? NO_ID,
  };
}

// Lines carry no lastModifiedDateTime of their own in the model; their etag follows their values.
const lineStamped = (line: SalesOrderLine) => ({
  ...line,
  lastModifiedDateTime: `${line.quantity};${line.unitPrice};${line.discountAmount};${line.locationId}`,
});

/** A line as served, with its `@odata.etag`. */
export function servedLine(line: SalesOrderLine) {
  return { '@odata.etag': etagOf(lineStamped(line)), ...line };
}

/** A line change changes its order: totals, stamp, etag, and a notification. */
function touch(store: BcStore, order: SalesOrder): void {
  total(order, store.lines.get(order.id) ?? []);
  store.upsert('salesOrders', order);
}

function total(order: SalesOrder, lines: SalesOrderLine[]): void {
  order.totalAmountExcludingTax = round2(lines.reduce((s, l) => s + l.amountExcludingTax, 0));
  order.totalAmountIncludingTax = round2(lines.reduce((s, l) => s + l.amountIncludingTax, 0));
  order.totalTaxAmount = round2(order.totalAmountIncludingTax - order.totalAmountExcludingTax);
}

const round2 = (n: number) => Math.round(n * 100) / 100;

const entity = (context: string, record: { id: string; lastModifiedDateTime: string }) => ({
  '@odata.context': context,
  '@odata.etag': etagOf(record),
  ...record,
});
