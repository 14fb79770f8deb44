import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { hubError } from './errors';
import {
  fieldTypes,
  propertyGroups,
  propertyTypes,
  serveDefinition,
  storedValue,
  type PropertyRegistry,
  type ValueProblem,
} from './properties';
import type { CrmObject, HubStore, ObjectType } from './store';
import { objectTypes } from './store';

// Writes as HubSpot takes them: the properties API (list, read, create) and batch upsert keyed
// by a unique property (`email` for contacts). A write naming an undefined property fails whole
// with 400 VALIDATION_ERROR whose message lists each bad property (PROPERTY_DOESNT_EXIST), as
// HubSpot's does. Changes go through the store, so they stamp `lastmodifieddate` and send the
// webhooks of any watched property, with changeSource INTEGRATION.
export interface WriteOptions {
  store: HubStore;
  properties: PropertyRegistry;
  stats: WriteStats;
}

/** Writes answered, counted server-side, so tests can count what a client wrote. */
export interface WriteStats {
  batchUpserts: number;
  upsertedInputs: number;
  propertiesCreated: number;
}

const BATCH_LIMIT = 100;

const propertyInputSchema = z.object({
  name: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/, 'must start with a letter and hold lower-case letters, digits, _'),
  label: z.string().min(1),
  type: z.enum(propertyTypes),
  fieldType: z.enum(fieldTypes),
  groupName: z.string().min(1),
  description: z.string().optional(),
});

const upsertSchema = z.object({
  inputs: z
    .array(
      z.object({
        idProperty: z.string().min(1),
        id: z.string().min(1),
        properties: z.record(z.string(), z.union([z.string(), z.null()])),
        objectWriteTraceId: z.string().optional(),
      }),
    )
    .min(1),
});

function validation(reply: FastifyReply, message: string, extra: Record<string, unknown> = {}) {
  return reply.code(400).send(hubError('VALIDATION_ERROR', message, extra));
}

function typeOf(reply: FastifyReply, type: string): ObjectType | undefined {
  if ((objectTypes as readonly string[]).includes(type)) return type as ObjectType;
  void validation(reply, `Unable to infer object type from: ${type}`);
  return undefined;
}

/** HubSpot matches an email whatever its case and surrounding spaces. */
const emailKey = (value: string | null | undefined) => (value ?? '').trim().toLowerCase();

export function registerWriteRoutes(app: FastifyInstance, options: WriteOptions): void {
  const { store, properties, stats } = options;

  app.get<{ Params: { type: string } }>('/crm/v3/properties/:type', async (request, reply) => {
    const type = typeOf(reply, request.params.type);
    if (!type) return reply;
    return reply.send({ results: properties.list(type).map(serveDefinition) });
  });

  app.get<{ Params: { type: string; name: string } }>(
    '/crm/v3/properties/:type/:name',
    async (request, reply) => {
      const type = typeOf(reply, request.params.type);
      if (!type) return reply;
      const definition = properties.get(type, request.params.name);
      if (!definition) {
        return reply
          .code(404)
          .send(hubError('OBJECT_NOT_FOUND', `Unable to find property ${request.params.name}`));
      }
      return reply.send(serveDefinition(definition));
    },
  );

  app.post<{ Params: { type: string } }>('/crm/v3/properties/:type', async (request, reply) => {
    const type = typeOf(reply, request.params.type);
    if (!type) return reply;
    const body = propertyInputSchema.safeParse(request.body);
    if (!body.success) {
      const issue = body.error.issues[0];
      return validation(reply, `Invalid input JSON: ${issue?.path.join('.')} ${issue?.message}`);
    }
    const input = body.data;
    if (!propertyGroups[type].includes(input.groupName)) {
      return validation(reply, `Property group ${input.groupName} does not exist.`);
    }
    const at = new Date(store.clock.tick()).toISOString();
    const definition = {
      ...input,
      description: input.description ?? '',
      hubspotDefined: false,
      createdAt: at,
      updatedAt: at,
    };
    if (!properties.add(type, definition)) {
      // The wording is from memory of HubSpot's answers; the status and category are HubSpot's.
      return reply
        .code(409)
        .send(hubError('OBJECT_ALREADY_EXISTS', `Property named '${input.name}' already exists.`));
    }
    stats.propertiesCreated += 1;
    return reply.code(201).send(serveDefinition(definition));
  });

  app.post<{ Params: { type: string } }>(
    '/crm/v3/objects/:type/batch/upsert',
    async (request, reply) => {
      const type = typeOf(reply, request.params.type);
      if (!type) return reply;
      const body = upsertSchema.safeParse(request.body);
      if (!body.success) {
        const issue = body.error.issues[0];
        return validation(reply, `Invalid input JSON on line 1: ${issue?.message ?? ''}`);
      }
      const inputs = body.data.inputs;
      if (inputs.length > BATCH_LIMIT) {
        return validation(reply, `Batch input must contain at most ${BATCH_LIMIT} inputs.`);
      }
      // The sandbox's only unique property is the contact's email.
      for (const input of inputs) {
        if (type !== 'contacts' || input.idProperty !== 'email') {
          return validation(reply, `${input.idProperty} is not a unique identifier property.`);
        }
      }
      const keys = inputs.map((i) => `${i.idProperty}:${emailKey(i.id)}`);
      if (new Set(keys).size !== keys.length) {
        return validation(reply, 'Duplicate IDs found in batch input.');
      }
      const problems: ValueProblem[] = inputs.flatMap((i) =>
        properties.problems(type, i.properties),
      );
      if (problems.length > 0) {
        return validation(reply, `Property values were not valid: ${JSON.stringify(problems)}`);
      }
      const startedAt = new Date().toISOString();
      stats.batchUpserts += 1;
      stats.upsertedInputs += inputs.length;
      const results = inputs.map((input) => {
        const values = Object.fromEntries(
          Object.entries(input.properties).map(([name, value]) => {
            const definition = properties.get(type, name);
            return [name, definition ? storedValue(definition, value) : value];
          }),
        );
        const existing = find(store, type, input.idProperty, input.id);
        if (existing) {
          const object = store.update(type, existing.id, values, 'INTEGRATION') ?? existing;
          return served(object, values, false);
        }
        const seed = { email: input.id.trim().toLowerCase(), ...values };
        return served(store.create(type, seed, 'INTEGRATION'), values, true);
      });
      return reply.send({
        status: 'COMPLETE',
        results,
        startedAt,
        completedAt: new Date().toISOString(),
      });
    },
  );

  function served(o: CrmObject, written: Record<string, string | null>, created: boolean) {
    const names = ['createdate', 'hs_object_id', 'lastmodifieddate', ...Object.keys(written)];
    return {
      id: o.id,
      properties: Object.fromEntries(names.map((n) => [n, o.properties[n] ?? null])),
      createdAt: o.createdAt,
      updatedAt: o.updatedAt,
      archived: false,
      new: created,
    };
  }
}

function find(
  store: HubStore,
  type: ObjectType,
  idProperty: string,
  id: string,
): CrmObject | undefined {
  const key = emailKey(id);
  return store.live(type).find((o) => emailKey(o.properties[idProperty]) === key);
}
