import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { hubError } from './errors';
import type { HubLimits } from './limits';
import { search, searchRequestSchema } from './search';
import type { CrmObject, HubStore, ObjectType } from './store';
import { associationTypeIds, defaultProperties, objectTypes, singular } from './store';

// CRM v3 objects (list, read, batch read, search) and v4 associations, shaped as HubSpot serves
// them. Paths: /crm/v3/objects/{contacts|companies|deals}[…], /crm/v4/objects/{from}/{id}/associations/{to},
// /crm/v4/associations/{from}/{to}/batch/read.
export interface ApiOptions {
  store: HubStore;
  limits: HubLimits;
  searchResultCap: number;
  stats: ApiStats;
}

/** Requests answered (past auth and limits), so tests can count calls server-side. */
export interface ApiStats {
  associationReads: number;
  associationBatchReads: number;
}

/** Associated ids served per object and page, by both v4 reads. */
const ASSOCIATION_PAGE = 500;

const associationBatchSchema = z.object({
  inputs: z
    .array(z.object({ id: z.string().min(1), after: z.string().regex(/^\d+$/).optional() }))
    .min(1)
    .max(1000),
});

// Clients send lists as `properties=a,b` or as repeated keys; both arrive here as one string.
const csv = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v.join(',') : v))
  .optional();

const listQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(10),
  after: z.string().regex(/^\d+$/).optional(),
  properties: csv,
  associations: csv,
  archived: z.enum(['true', 'false']).default('false'),
});

const batchReadSchema = z.object({
  inputs: z.array(z.object({ id: z.string().min(1) })).max(100),
  properties: z.array(z.string()).default([]),
  idProperty: z.string().optional(),
});

type TypeParams = { type: string };

function validation(reply: FastifyReply, issues: z.core.$ZodIssue[]) {
  return reply.code(400).send(
    hubError('VALIDATION_ERROR', `Invalid input JSON on line 1: ${issues[0]?.message ?? ''}`, {
      errors: issues.map((i) => ({ message: i.message, in: i.path.join('.') })),
    }),
  );
}

function objectType(reply: FastifyReply, type: string): ObjectType | undefined {
  if ((objectTypes as readonly string[]).includes(type)) return type as ObjectType;
  void reply
    .code(400)
    .send(hubError('VALIDATION_ERROR', `Unable to infer object type from: ${type}`));
  return undefined;
}

const split = (csv: string | undefined) =>
  csv
    ? csv
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean)
    : undefined;

export function registerApiRoutes(app: FastifyInstance, options: ApiOptions): void {
  const { store } = options;
  const serve = (
    type: ObjectType,
    o: CrmObject,
    properties?: string[],
    associations?: string[],
  ) => {
    const names = properties?.length ? properties : defaultProperties[type];
    const body: Record<string, unknown> = {
      id: o.id,
      properties: Object.fromEntries(names.map((n) => [n, o.properties[n] ?? null])),
      createdAt: o.createdAt,
      updatedAt: o.updatedAt,
      archived: o.archived,
    };
    if (o.archivedAt) body.archivedAt = o.archivedAt;
    const linked = (associations ?? []).filter((t): t is ObjectType =>
      (objectTypes as readonly string[]).includes(t),
    );
    const entries = linked
      .map((to) => [to, store.associated(type, o.id, to)] as const)
      .filter(([, ids]) => ids.length > 0)
      .map(([to, ids]) => [
        to,
        { results: ids.map((id) => ({ id, type: `${singular[type]}_to_${singular[to]}` })) },
      ]);
    if (entries.length > 0) body.associations = Object.fromEntries(entries);
    return body;
  };

  app.addHook('preHandler', async (request, reply) => {
    if (request.url.startsWith('/crm/')) await options.limits.guard(request, reply);
  });

  app.get<{ Params: TypeParams; Querystring: Record<string, string> }>(
    '/crm/v3/objects/:type',
    async (request, reply) => {
      const type = objectType(reply, request.params.type);
      if (!type) return reply;
      const query = listQuerySchema.safeParse(request.query);
      if (!query.success) return validation(reply, query.error.issues);
      const { limit, after, archived } = query.data;
      const rows = store
        .live(type, archived === 'true')
        .filter((o) => after === undefined || Number(o.id) >= Number(after));
      const page = rows.slice(0, limit);
      const next = rows[limit];
      const props = split(query.data.properties);
      const assoc = split(query.data.associations);
      return reply.send({
        results: page.map((o) => serve(type, o, props, assoc)),
        ...(next
          ? {
              paging: {
                next: {
                  after: next.id,
                  link: `https://api.hubapi.com/crm/v3/objects/${type}?limit=${limit}&after=${next.id}`,
                },
              },
            }
          : {}),
      });
    },
  );

  app.get<{ Params: TypeParams & { id: string }; Querystring: Record<string, string | string[]> }>(
    '/crm/v3/objects/:type/:id',
    async (request, reply) => {
      const type = objectType(reply, request.params.type);
      if (!type) return reply;
      const object = store.objects[type].get(request.params.id);
      const query = z
        .object({ properties: csv, associations: csv, archived: csv })
        .parse(request.query);
      const archived = query.archived === 'true';
      if (!object || object.archived !== archived) {
        return reply.code(404).send(
          hubError('OBJECT_NOT_FOUND', 'Object not found.  objectId are usually numeric.', {
            context: { id: [request.params.id] },
          }),
        );
      }
      return reply.send(serve(type, object, split(query.properties), split(query.associations)));
    },
  );

  app.post<{ Params: TypeParams }>('/crm/v3/objects/:type/batch/read', async (request, reply) => {
    const type = objectType(reply, request.params.type);
    if (!type) return reply;
    const body = batchReadSchema.safeParse(request.body);
    if (!body.success) return validation(reply, body.error.issues);
    const startedAt = new Date().toISOString();
    const found: CrmObject[] = [];
    const missing: string[] = [];
    for (const { id } of body.data.inputs) {
      const object = body.data.idProperty
        ? store.live(type).find((o) => o.properties[body.data.idProperty ?? ''] === id)
        : store.objects[type].get(id);
      if (object && !object.archived) found.push(object);
      else missing.push(id);
    }
    const result: Record<string, unknown> = {
      status: 'COMPLETE',
      results: found.map((o) => serve(type, o, body.data.properties)),
      startedAt,
      completedAt: new Date().toISOString(),
    };
    if (missing.length === 0) return reply.send(result);
    return reply.code(207).send({
      ...result,
      numErrors: 1,
      errors: [
        {
          status: 'error',
          category: 'OBJECT_NOT_FOUND',
          message: `Could not get some ${singular[type].toUpperCase()} objects, they may be deleted or not exist. Check that ids are valid.`,
          context: { ids: missing },
        },
      ],
    });
  });

  app.post<{ Params: TypeParams }>('/crm/v3/objects/:type/search', async (request, reply) => {
    const type = objectType(reply, request.params.type);
    if (!type) return reply;
    const body = searchRequestSchema.safeParse(request.body ?? {});
    if (!body.success) return validation(reply, body.error.issues);
    const offset = Number(body.data.after ?? 0);
    if (!Number.isInteger(offset) || offset < 0) {
      return reply
        .code(400)
        .send(hubError('VALIDATION_ERROR', 'after must be a non-negative offset'));
    }
    const cap = options.searchResultCap;
    if (offset >= cap) {
      // One search returns at most 10,000 results: past them, slice the time range instead.
      return reply
        .code(400)
        .send(
          hubError(
            'VALIDATION_ERROR',
            `There was a problem with the request. Search results are limited to ${cap} records; use filters (for example on lastmodifieddate) to narrow the search.`,
          ),
        );
    }
    const hits = search(store.live(type), body.data);
    const end = Math.min(offset + body.data.limit, cap);
    const page = hits.slice(offset, end);
    return reply.send({
      total: hits.length,
      results: page.map((o) => serve(type, o, body.data.properties)),
      ...(hits.length > end ? { paging: { next: { after: String(end) } } } : {}),
    });
  });

  app.get<{
    Params: { from: string; id: string; to: string };
    Querystring: { limit?: string; after?: string };
  }>('/crm/v4/objects/:from/:id/associations/:to', async (request, reply) => {
    const from = objectType(reply, request.params.from);
    const to = from && objectType(reply, request.params.to);
    if (!from || !to) return reply;
    options.stats.associationReads += 1;
    const limit = Math.min(ASSOCIATION_PAGE, Number(request.query.limit) || ASSOCIATION_PAGE);
    const ids = store
      .associated(from, request.params.id, to)
      .filter(
        (id) => request.query.after === undefined || Number(id) > Number(request.query.after),
      );
    const page = ids.slice(0, limit);
    return reply.send({
      results: page.map((id) => associatedObject(from, to, id)),
      ...(ids.length > limit ? { paging: { next: { after: page.at(-1) } } } : {}),
    });
  });

  // One answer per input id; an id with no (more) associations is an error entry, and any error
  // makes the answer a 207, as HubSpot does.
  app.post<{ Params: { from: string; to: string } }>(
    '/crm/v4/associations/:from/:to/batch/read',
    async (request, reply) => {
      const from = objectType(reply, request.params.from);
      const to = from && objectType(reply, request.params.to);
      if (!from || !to) return reply;
      const body = associationBatchSchema.safeParse(request.body);
      if (!body.success) return validation(reply, body.error.issues);
      options.stats.associationBatchReads += 1;
      const startedAt = new Date().toISOString();
      const results: Record<string, unknown>[] = [];
      const errors: Record<string, unknown>[] = [];
      for (const { id, after } of body.data.inputs) {
        const ids = store
          .associated(from, id, to)
          .filter((t) => after === undefined || Number(t) > Number(after));
        if (ids.length === 0) {
          errors.push(
            hubError(
              'OBJECT_NOT_FOUND',
              `No ${singular[to]} is associated with '${singular[from]}' ${id}.`,
              {
                subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
                context: { fromObjectId: [id] },
              },
            ),
          );
          continue;
        }
        const page = ids.slice(0, ASSOCIATION_PAGE);
        results.push({
          from: { id },
          to: page.map((t) => associatedObject(from, to, t)),
          ...(ids.length > page.length ? { paging: { next: { after: page.at(-1) } } } : {}),
        });
      }
      const answer = {
        status: 'COMPLETE',
        results,
        startedAt,
        completedAt: new Date().toISOString(),
      };
      if (errors.length === 0) return reply.send(answer);
      return reply.code(207).send({ ...answer, numErrors: errors.length, errors });
    },
  );
}

function associatedObject(from: ObjectType, to: ObjectType, id: string) {
  const typeId = associationTypeIds[`${from}:${to}`];
  return {
    toObjectId: Number(id),
    associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId, label: null }],
  };
}
