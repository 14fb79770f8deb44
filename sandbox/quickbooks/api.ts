import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LeakyBucket } from '../toolkit/rate-limit';
import type { AccessTokens } from '../toolkit/tokens';
import { authFailed, fault, throttled } from './errors';
import { matches, parseQuery, sortBy } from './query';
import type { EntityName, QboRecord, QboStore } from './store';
import { entityNames } from './store';
import { qboTime } from './time';

// The accounting API under `/v3/company/{realmId}/…`: `query`, `cdc` and reads by id, behind the
// bearer token, the per-realm request limit and the required `minorversion`.
export interface ApiOptions {
  store: QboStore;
  tokens: AccessTokens;
  bucket: LeakyBucket;
  realmId: string;
  minMinorVersion: number;
  cdcMaxObjects: number;
  cdcMaxDays: number;
}

type Q = Record<string, string | undefined>;

export function registerApiRoutes(app: FastifyInstance, options: ApiOptions): void {
  app.addHook('preHandler', async (request, reply) => {
    if (!request.url.startsWith('/v3/')) return;
    await guard(request, reply, options);
    // An answered request must not reach its route: fastify's rule for async hooks.
    if (reply.sent) return reply;
  });
  const { store } = options;
  const time = () => qboTime(store.clock.now());

  app.get<{ Querystring: Q }>('/v3/company/:realmId/query', async (request, reply) => {
    const parsed = parseQuery(request.query.query ?? '');
    if (!parsed.ok) {
      return reply
        .code(400)
        .send(fault('ValidationFault', parsed.code, 'Error parsing query', parsed.detail));
    }
    const { entity, where, orderBy, startPosition, maxResults, count } = parsed.query;
    const rows = (store.list(entity) as QboRecord[])
      .filter((r) => matches(r, where, store.updatedAt(entity, r.Id)))
      .sort(orderBy ? sortBy(orderBy.field, orderBy.desc) : (a, b) => Number(a.Id) - Number(b.Id));
    if (count) return reply.send({ QueryResponse: { totalCount: rows.length }, time: time() });
    const page = rows.slice(startPosition - 1, startPosition - 1 + maxResults);
    // QBO answers an empty object, not an empty list, when nothing matched.
    const QueryResponse =
      page.length === 0 ? {} : { [entity]: page, startPosition, maxResults: page.length };
    return reply.send({ QueryResponse, time: time() });
  });

  app.get<{ Querystring: Q }>('/v3/company/:realmId/cdc', async (request, reply) => {
    const names = (request.query.entities ?? '').split(',').map((n) => n.trim());
    const entities = names.map((n) => entityNames.find((e) => e.toLowerCase() === n.toLowerCase()));
    const since = Date.parse(request.query.changedSince ?? '');
    if (entities.length === 0 || entities.some((e) => e === undefined) || Number.isNaN(since)) {
      return reply
        .code(400)
        .send(
          fault(
            'ValidationFault',
            '2010',
            'Request has invalid or unsupported property',
            'entities and changedSince are required; entities must be known entity names',
          ),
        );
    }
    if (store.clock.now() - since > options.cdcMaxDays * 86_400_000) {
      return reply
        .code(400)
        .send(
          fault(
            'ValidationFault',
            '2010',
            'Request has invalid or unsupported property',
            `changedSince must be within the last ${options.cdcMaxDays} days`,
          ),
        );
    }
    const wanted = entities as EntityName[];
    const changed: { name: EntityName; at: number; body: object }[] = [];
    for (const name of wanted) {
      for (const r of store.list(name) as QboRecord[]) {
        const at = store.updatedAt(name, r.Id);
        if (at > since) changed.push({ name, at, body: r });
      }
      for (const t of store.tombstones) {
        if (t.name === name && t.at > since) {
          changed.push({
            name,
            at: t.at,
            body: {
              domain: 'QBO',
              status: 'Deleted',
              Id: t.Id,
              MetaData: { LastUpdatedTime: qboTime(t.at) },
            },
          });
        }
      }
    }
    // At most `cdcMaxObjects` per answer, oldest first, so a client can move changedSince on.
    const kept = changed.sort((a, b) => a.at - b.at).slice(0, options.cdcMaxObjects);
    const QueryResponse = wanted.map((name) => {
      const rows = kept.filter((c) => c.name === name).map((c) => c.body);
      return rows.length === 0
        ? {}
        : { [name]: rows, startPosition: 1, maxResults: rows.length, totalCount: rows.length };
    });
    return reply.send({ CDCResponse: [{ QueryResponse }], time: time() });
  });

  app.get<{ Params: { entity: string; id: string } }>(
    '/v3/company/:realmId/:entity/:id',
    async (request, reply) => {
      const name = entityNames.find((n) => n.toLowerCase() === request.params.entity.toLowerCase());
      const record = name && (store.tables[name].get(request.params.id) as QboRecord | undefined);
      if (!name || !record) {
        return reply
          .code(400)
          .send(
            fault(
              'ValidationFault',
              '610',
              'Object Not Found',
              `Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees.`,
            ),
          );
      }
      return reply.send({ [name]: record, time: time() });
    },
  );
}

async function guard(request: FastifyRequest, reply: FastifyReply, options: ApiOptions) {
  const realm = /^\/v3\/company\/([^/]+)\//.exec(request.url)?.[1];
  const auth = options.tokens.check(request.headers.authorization);
  if (!auth.valid || auth.token.subject !== realm) {
    const detail = auth.valid ? 'Token is not valid for this realm' : `Token ${auth.reason}`;
    await reply.code(401).send(authFailed(detail));
    return;
  }
  if (!options.bucket.tryTake(1)) {
    // Intuit asks clients to wait 60 s after a 429.
    reply.header('retry-after', '60');
    await reply.code(429).send(throttled());
    return;
  }
  const minor = Number((request.query as Q).minorversion);
  if (!Number.isInteger(minor) || minor < options.minMinorVersion) {
    await reply
      .code(400)
      .send(
        fault(
          'ValidationFault',
          '4001',
          'Invalid minorversion',
          `minorversion is required and must be ${options.minMinorVersion} or later; got '${(request.query as Q).minorversion ?? ''}'`,
        ),
      );
  }
}
