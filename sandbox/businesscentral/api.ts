import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LeakyBucket } from '../toolkit/rate-limit';
import type { AccessTokens } from '../toolkit/tokens';
import { unauthorized } from './auth';
import { bcError, notFound, tooManyRequests } from './errors';
import { etagOf, matches, maxPageSize, parseFilter, select, skipToken } from './odata';
import { parseApiPath, servesSet, type ApiPath } from './paths';
import type { BcStore, EntitySet, SalesShipment } from './store';
import { entityTypes } from './store';
import type { BcSubscriptions, Outcome } from './subscriptions';
import { serve } from './subscriptions';
import { shipmentView } from './shipping';
import { handleWrite, servedLine } from './writes';

// The API surface: `/api/…` (and the service's `/v2.0/{tenant}/{environment}/api/…`), bearer
// auth, the per-user request limit, OData lists and entities, and `subscriptions`.
export interface ApiOptions {
  store: BcStore;
  tokens: AccessTokens;
  bucket: LeakyBucket;
  subscriptions: BcSubscriptions;
  companyName: string;
  serverPageSize: number;
}

type Query = Record<string, string | undefined>;

export function registerApiRoutes(app: FastifyInstance, options: ApiOptions): void {
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const auth = options.tokens.check(request.headers.authorization);
    if (!auth.valid) return unauthorized(reply, auth.reason);
    if (!options.bucket.tryTake(1)) {
      const max = options.bucket.capacity;
      reply.header('retry-after', String(Math.ceil(options.bucket.msUntil(1) / 1000)));
      return reply.code(429).send(tooManyRequests(max + 1, max));
    }
    const [pathPart = '', queryPart = ''] = request.url.split('?');
    const apiPath = decodeURIComponent(pathPart.replace(/^.*?\/api\//, ''));
    const query = Object.fromEntries(new URLSearchParams(queryPart)) as Query;
    const origin = `http://${request.headers.host ?? 'localhost'}${pathPart.replace(/\/api\/.*$/, '')}`;
    const subscriptionMatch = /^v2\.0\/subscriptions(?:\('([^']+)'\))?$/.exec(apiPath);
    if (subscriptionMatch) return subscriptionRoute(request, reply, options, subscriptionMatch[1]);
    if (request.method !== 'GET') {
      const path = parseApiPath(apiPath);
      if (path?.companyId === options.store.companyId && path.api === 'v2.0') {
        const context = `${origin}/api/v2.0/$metadata#companies(${path.companyId})`;
        const written = handleWrite(request, reply, options.store, path, context);
        if (written) return written;
      }
      return reply
        .code(405)
        .send(bcError('BadRequest_MethodNotAllowed', `'${request.method}' is not allowed.`));
    }
    const parsed = parseApiPath(apiPath);
    if (!parsed)
      return reply
        .code(404)
        .send(
          bcError(
            'BadRequest_NotFound',
            `No HTTP resource was found that matches the request URI '${pathPart}'.`,
          ),
        );
    return read(
      reply,
      options,
      parsed,
      query,
      request.headers.prefer,
      `${origin}/api/${parsed.api}`,
      // pathPart already holds the service prefix (`/v2.0/{tenant}/{environment}`), if any.
      `http://${request.headers.host ?? 'localhost'}${pathPart}`,
    );
  };
  for (const prefix of ['/api/*', '/v2.0/:tenant/:environment/api/*']) {
    app.route({ method: ['GET', 'POST', 'PATCH', 'DELETE'], url: prefix, handler });
  }
}

async function subscriptionRoute(
  request: FastifyRequest,
  reply: FastifyReply,
  options: ApiOptions,
  id: string | undefined,
) {
  const { subscriptions } = options;
  const send = (outcome: Outcome) => reply.code(outcome.status).send(outcome.body);
  if (id === undefined && request.method === 'GET') {
    return reply.send({ value: subscriptions.list().map(serve) });
  }
  if (id === undefined && request.method === 'POST')
    return send(await subscriptions.create(request.body));
  if (id !== undefined && request.method === 'GET') {
    const s = subscriptions.get(id);
    return s ? reply.send(serve(s)) : reply.code(404).send(notFound());
  }
  if (id !== undefined && request.method === 'PATCH') {
    const ifMatch = request.headers['if-match'];
    return send(
      await subscriptions.renew(
        id,
        typeof ifMatch === 'string' ? ifMatch : undefined,
        request.body,
      ),
    );
  }
  if (id !== undefined && request.method === 'DELETE') {
    return subscriptions.remove(id) ? reply.code(204).send() : reply.code(404).send(notFound());
  }
  return reply
    .code(405)
    .send(bcError('BadRequest_MethodNotAllowed', `'${request.method}' is not allowed.`));
}

function read(
  reply: FastifyReply,
  options: ApiOptions,
  path: ApiPath,
  query: Query,
  prefer: string | string[] | undefined,
  apiBase: string,
  selfUrl: string,
) {
  const { store } = options;
  const company = {
    id: store.companyId,
    systemVersion: '25.0.23364.24581',
    name: options.companyName,
    displayName: options.companyName,
    businessProfileId: '',
  };
  if (path.companyId === undefined) {
    return reply.send({ '@odata.context': `${apiBase}/$metadata#companies`, value: [company] });
  }
  if (path.companyId !== store.companyId) return reply.code(404).send(notFound());
  if (path.set === undefined) {
    return reply.send({ '@odata.context': `${apiBase}/$metadata#companies/$entity`, ...company });
  }
  if (!servesSet(path.api, path.set)) {
    return reply
      .code(404)
      .send(bcError('BadRequest_NotFound', `Resource not found for the segment '${path.set}'.`));
  }
  const set = path.set;
  const context = `${apiBase}/$metadata#companies(${store.companyId})/${set}`;
  const fields = query.$select?.split(',').map((f) => f.trim());
  const expandLines = set === 'salesOrders' && /\bsalesOrderLines\b/.test(query.$expand ?? '');
  // Each page shows its own fields of a record (the standard shipment page has no tracking).
  const view = (record: { id: string }): object =>
    set === 'salesShipments' ? shipmentView(path.api, record as SalesShipment) : record;
  const shape = (record: { id: string; lastModifiedDateTime: string }) => ({
    '@odata.etag': etagOf(record),
    ...select(view(record), fields),
    ...(expandLines ? { salesOrderLines: (store.lines.get(record.id) ?? []).map(servedLine) } : {}),
  });
  if (path.id !== undefined) {
    const record = store.get(set, path.id);
    if (!record) return reply.code(404).send(notFound());
    if (path.navigation === 'salesOrderLines' && set === 'salesOrders') {
      return reply.send({
        '@odata.context': `${context}(${path.id})/salesOrderLines`,
        value: (store.lines.get(record.id) ?? []).map(servedLine),
      });
    }
    if (path.navigation !== undefined) return reply.code(404).send(notFound());
    return reply.send({ '@odata.context': `${context}/$entity`, ...shape(record) });
  }
  return list(reply, options, set, query, prefer, context, selfUrl, shape, view);
}

function list(
  reply: FastifyReply,
  options: ApiOptions,
  set: EntitySet,
  query: Query,
  prefer: string | string[] | undefined,
  context: string,
  selfUrl: string,
  shape: (record: { id: string; lastModifiedDateTime: string }) => object,
  view: (record: { id: string }) => object,
) {
  const { store } = options;
  const records = store.list(set);
  const first = records[0];
  // An empty set has no record to read its fields from: any filter then finds nothing.
  if (!first) return reply.send({ '@odata.context': context, value: [] });
  const fields = ['id', 'lastModifiedDateTime', ...Object.keys(view(first))];
  const filter = query.$filter
    ? parseFilter(query.$filter, fields)
    : { ok: true as const, value: [] };
  if (!filter.ok) {
    return reply
      .code(400)
      .send(bcError('BadRequest', `${filter.message} (type 'Microsoft.NAV.${entityTypes[set]}')`));
  }
  const token =
    query.$skiptoken === undefined ? { afterSeq: 0 } : skipToken.decode(query.$skiptoken);
  if (token === undefined) {
    return reply.code(400).send(bcError('BadRequest', 'The skip token is not valid.'));
  }
  let rows = records
    .filter((r) => store.seqOf(r.id) > token.afterSeq && matches(r, filter.value))
    .sort((a, b) => store.seqOf(a.id) - store.seqOf(b.id));
  // $skip and $top apply to the first request; the skiptoken then carries what is left of $top.
  let remaining = token.remaining;
  if (query.$skiptoken === undefined) {
    rows = rows.slice(Number(query.$skip ?? 0));
    if (query.$top !== undefined) remaining = Number(query.$top);
  }
  if (remaining !== undefined) rows = rows.slice(0, remaining);
  const preferred = maxPageSize(prefer);
  const pageSize = Math.min(preferred ?? options.serverPageSize, 20_000);
  if (preferred !== undefined) reply.header('preference-applied', `odata.maxpagesize=${pageSize}`);
  const page = rows.slice(0, pageSize);
  const body: Record<string, unknown> = { '@odata.context': context, value: page.map(shape) };
  const last = page.at(-1);
  if (rows.length > pageSize && last) {
    const next = new URL(selfUrl);
    for (const [k, v] of Object.entries(query)) {
      if (k !== '$skiptoken' && v !== undefined) next.searchParams.set(k, v);
    }
    const left = remaining === undefined ? {} : { remaining: remaining - page.length };
    next.searchParams.set(
      '$skiptoken',
      skipToken.encode({ afterSeq: store.seqOf(last.id), ...left }),
    );
    body['@odata.nextLink'] = next.toString();
  }
  return reply.send(body);
}
