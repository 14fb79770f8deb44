import { Client } from '@hubspot/api-client';
import * as http from 'node:http';
import * as https from 'node:https';
import { Socket } from 'node:net';
import { z } from 'zod';
import type { Logger } from '../../lib/logger';
import { createBudget } from '../common/budget';
import { systemClock, type Clock } from '../common/clock';
import type { CallObserver } from '../common/health';
import { parseRetryAfter } from '../common/retry-after';
import { isRetriable, withRetry, type CallPolicy } from '../common/retry';
import type { HubSpotConfig } from './config';
import { HubSpotApiError } from './errors';
import { hubObjectSchema, type HubObject, type ObjectType } from './objects';

/**
 * The official @hubspot/api-client, pointed at `basePath`, under the connector's own request
 * budget, timeout and retries. The client's `limiterOptions` and `numberOfApiCallRetries` are not
 * used: its decorators live in a process-wide singleton (the last `new Client` sets them for every
 * client), and its retry recognises only `TEN_SECONDLY_ROLLING` or one exact message, ignores
 * Retry-After and writes to console.error. Here every call takes one slot of a sliding window
 * (190 per 10 s) and searches one more of their own (5 per s); a 429, 5xx, timeout or network
 * failure is retried (common/retry.ts) after Retry-After or the window HubSpot names in its
 * headers. The client has no timeout of its own (node-fetch without one): a call that outlives
 * `timeoutMs` is given up, and a socket idle that long is destroyed by the agent.
 */

export interface HubSpotClientStats {
  requests: number;
  searches: number;
  /** Responses with status 429: the budget should keep this near zero. */
  rateLimited: number;
  retries: number;
}

export interface SearchFilter {
  propertyName: string;
  operator: 'EQ' | 'GT' | 'GTE' | 'LT' | 'LTE';
  value: string;
}

export interface SearchRequest {
  filters: SearchFilter[];
  sort: { propertyName: string; direction: 'ASCENDING' | 'DESCENDING' };
  properties: string[];
  limit: number;
  after?: string;
}

export interface Page {
  results: HubObject[];
  after: string | undefined;
}

export interface HubSpotClient {
  list(
    type: ObjectType,
    options: {
      after?: string;
      properties: string[];
      associations?: ObjectType[];
      archived?: boolean;
    },
  ): Promise<Page>;
  batchRead(type: ObjectType, ids: string[], properties: string[]): Promise<HubObject[]>;
  search(type: ObjectType, request: SearchRequest): Promise<Page & { total: number }>;
  /**
   * Every associated id (v4 batch read, all pages), ascending, for each id asked about: an id
   * with none maps to `[]`. Up to 1000 ids per request.
   */
  associations(from: ObjectType, ids: string[], to: ObjectType): Promise<Map<string, string[]>>;
  /** Owner id → email; empty when the portal (or the sandbox) has no owners API. */
  owners(): Promise<Map<string, string>>;
  /** The names of the properties a type has (the properties API). */
  propertyNames(type: ObjectType): Promise<Set<string>>;
  /** Creates a custom property; one that exists already (409) is left as it is. */
  createProperty(type: ObjectType, property: PropertyDefinition): Promise<void>;
  /**
   * Batch upsert of contacts keyed by email, at most 100 a request: the ids of the contacts
   * written (in HubSpot's order). Idempotent (the same values twice change nothing more), so
   * retried.
   */
  upsertContactsByEmail(inputs: ContactUpsert[]): Promise<string[]>;
  readonly stats: HubSpotClientStats;
}

/** A custom property as the properties API creates it. */
export interface PropertyDefinition {
  name: string;
  label: string;
  type: 'string' | 'number' | 'date' | 'datetime' | 'bool';
  fieldType: 'text' | 'number' | 'date' | 'booleancheckbox';
  groupName: string;
  description: string;
}

export interface ContactUpsert {
  email: string;
  /** Values as HubSpot takes them: strings; '' clears a property. */
  properties: Record<string, string>;
}

export interface HubSpotClientOptions extends CallPolicy {
  config: HubSpotConfig;
  logger: Logger;
  clock?: Clock;
  /** Told each attempt's outcome: the connector's health. */
  observer?: CallObserver;
}

const apiExceptionSchema = z.object({
  code: z.number().int(),
  body: z.unknown(),
  headers: z.record(z.string(), z.string()).optional(),
});
const errorBodySchema = z
  .object({ category: z.string(), policyName: z.string(), message: z.string() })
  .partial();
const pageSchema = z.object({
  results: z.array(hubObjectSchema),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
});
const searchSchema = pageSchema.extend({ total: z.number().int().min(0) });
const batchSchema = z.object({ results: z.array(hubObjectSchema) });
// The client's model renames `from` to `_from`; ids HubSpot found no associations for are
// entries of `errors` (a 207), which the client returns as an answer: they simply have none.
const associationBatchSchema = z.object({
  results: z.array(
    z.object({
      _from: z.object({ id: z.string() }),
      to: z.array(z.object({ toObjectId: z.union([z.number(), z.string()]) })),
      paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
    }),
  ),
});
/** HubSpot's cap on inputs per v4 batch association read. */
const ASSOCIATION_BATCH = 1000;
const propertiesSchema = z.object({ results: z.array(z.object({ name: z.string() })) });
const upsertSchema = z.object({ results: z.array(z.object({ id: z.string() })) });
/** HubSpot's cap on inputs per batch write. */
const WRITE_BATCH = 100;

const ownersSchema = z.object({
  results: z.array(z.object({ id: z.string(), email: z.string().nullable().optional() })),
  paging: z.object({ next: z.object({ after: z.string() }).optional() }).optional(),
});

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new HubSpotApiError(
    `HubSpot ${what} answer has an unexpected shape: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`,
    { code: 'HUBSPOT_BAD_RESPONSE', retriable: false },
  );
}

/** An ApiException (status, body, headers) or a network failure → HubSpotApiError. */
export function toApiError(error: unknown, now: number): HubSpotApiError {
  const exception = apiExceptionSchema.safeParse(error);
  if (!exception.success) {
    return new HubSpotApiError('HubSpot unreachable', {
      code: 'NETWORK',
      retriable: true,
      cause: error,
    });
  }
  const { code: status, headers = {} } = exception.data;
  const body = errorBodySchema.safeParse(exception.data.body);
  const category = body.success ? (body.data.policyName ?? body.data.category) : undefined;
  const daily = status === 429 && category === 'DAILY';
  const retryAfterMs =
    parseRetryAfter(headers['retry-after'], now) ??
    (status === 429
      ? Number(headers['x-hubspot-ratelimit-interval-milliseconds']) || 1_000
      : undefined);
  return new HubSpotApiError(`HubSpot answered HTTP ${status}${category ? ` (${category})` : ''}`, {
    code: `HTTP_${status}`,
    status,
    retriable: (status === 429 && !daily) || status >= 500,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(category ? { category } : {}),
  });
}

/**
 * An agent whose sockets are destroyed after `timeoutMs` without traffic, so a vendor that
 * accepts a connection and never answers does not hold it (nor the process) open.
 */
function idleTimeoutAgent(basePath: string | undefined, timeoutMs: number): http.Agent {
  const agent = basePath?.startsWith('http:')
    ? new http.Agent({ keepAlive: true, timeout: timeoutMs })
    : new https.Agent({ keepAlive: true, timeout: timeoutMs });
  const create = agent.createConnection.bind(agent);
  agent.createConnection = (options, callback) => {
    const socket = create(options, callback);
    if (socket instanceof Socket) {
      socket.on('timeout', () => socket.destroy(new Error(`no traffic for ${timeoutMs} ms`)));
    }
    return socket;
  };
  return agent;
}

/** Rejects with a retriable TIMEOUT once `ms` pass; the agent closes the idle socket itself. */
function withTimeout<T>(run: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new HubSpotApiError(`HubSpot did not answer within ${ms} ms`, {
            code: 'TIMEOUT',
            retriable: true,
          }),
        ),
      ms,
    );
  });
  return Promise.race([run, timeout]).finally(() => clearTimeout(timer));
}

const uniqueSorted = (ids: string[]) => [...new Set(ids)].sort((a, b) => Number(a) - Number(b));

export function createHubSpotClient(options: HubSpotClientOptions): HubSpotClient {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const hubspot = new Client({
    accessToken: config.accessToken,
    httpAgent: idleTimeoutAgent(config.apiUrl, timeoutMs),
    ...(config.apiUrl ? { basePath: config.apiUrl } : {}),
  });
  const stats: HubSpotClientStats = { requests: 0, searches: 0, rateLimited: 0, retries: 0 };
  const slot = createBudget({
    limit: config.rateLimit.requests,
    intervalMs: config.rateLimit.windowMs,
  });
  const searchSlot = createBudget({ limit: config.searchPerSecond, intervalMs: 1_000 });

  async function attempt<T>(run: () => Promise<T>, search: boolean): Promise<T> {
    stats.requests += 1;
    if (search) stats.searches += 1;
    try {
      const send = () => slot(() => withTimeout(run(), timeoutMs));
      const answer = await (search ? searchSlot(send) : send());
      options.observer?.succeeded();
      return answer;
    } catch (error) {
      const apiError = error instanceof HubSpotApiError ? error : toApiError(error, clock.now());
      if (apiError.status === 429) stats.rateLimited += 1;
      if (isRetriable(apiError)) options.observer?.failed(apiError);
      throw apiError;
    }
  }

  function call<T>(what: string, run: () => Promise<T>, search = false): Promise<T> {
    return withRetry(() => attempt(run, search), {
      retries: options.retries ?? 6,
      backoff: { initialMs: options.backoffMs ?? 250, maxMs: options.maxBackoffMs ?? 30_000 },
      clock,
      onRetry: ({ error, attempt: n, delayMs }) => {
        stats.retries += 1;
        logger.debug(
          { vendor: 'HubSpot', what, code: error.code, attempt: n, delayMs: Math.round(delayMs) },
          'request retried',
        );
      },
    });
  }

  const apis = (type: ObjectType) => hubspot.crm[type];

  return {
    stats,
    async list(type, o) {
      const raw = await call(`list ${type}`, () =>
        apis(type).basicApi.getPage(
          100,
          o.after,
          o.properties,
          undefined,
          o.associations,
          o.archived ?? false,
        ),
      );
      const page = parse(pageSchema, raw, `list ${type}`);
      return { results: page.results, after: page.paging?.next?.after };
    },
    async batchRead(type, ids, properties) {
      const found: HubObject[] = [];
      for (let i = 0; i < ids.length; i += 100) {
        const inputs = ids.slice(i, i + 100).map((id) => ({ id }));
        // 207 (some ids archived or unknown) is an answer, not an error: those are left out.
        const raw = await call(`batch read ${type}`, () =>
          apis(type).batchApi.read({ inputs, properties, propertiesWithHistory: [] }, false),
        );
        found.push(...parse(batchSchema, raw, `batch read ${type}`).results);
      }
      return found;
    },
    async search(type, r) {
      const raw = await call(
        `search ${type}`,
        () =>
          apis(type).searchApi.doSearch({
            filterGroups: [
              { filters: r.filters.map((f) => ({ ...f, operator: f.operator as never })) },
            ],
            // The generated model types sorts as strings; HubSpot documents (and takes) objects.
            sorts: [r.sort as unknown as string],
            properties: r.properties,
            limit: r.limit,
            ...(r.after ? { after: r.after } : {}),
          }),
        true,
      );
      const page = parse(searchSchema, raw, `search ${type}`);
      return { results: page.results, after: page.paging?.next?.after, total: page.total };
    },
    async associations(from, ids, to) {
      const found = new Map<string, string[]>(ids.map((id) => [id, []]));
      // An object with more associations than one page holds comes back with `after`: it is asked
      // again with that cursor in a later request, among the ids not yet read.
      const pending: { id: string; after?: string }[] = [...found.keys()].map((id) => ({ id }));
      while (pending.length > 0) {
        const inputs = pending.splice(0, ASSOCIATION_BATCH);
        const raw = await call(`associations ${from}→${to}`, () =>
          hubspot.crm.associations.v4.batchApi.getPage(from, to, { inputs }),
        );
        for (const r of parse(associationBatchSchema, raw, 'associations').results) {
          found.get(r._from.id)?.push(...r.to.map((t) => String(t.toObjectId)));
          const after = r.paging?.next?.after;
          if (after) pending.push({ id: r._from.id, after });
        }
      }
      return new Map([...found].map(([id, list]) => [id, uniqueSorted(list)]));
    },
    async propertyNames(type) {
      const raw = await call(`properties ${type}`, () =>
        hubspot.crm.properties.coreApi.getAll(type, false),
      );
      return new Set(parse(propertiesSchema, raw, `properties ${type}`).results.map((p) => p.name));
    },
    async createProperty(type, property) {
      try {
        await call(`create property ${property.name}`, () =>
          hubspot.crm.properties.coreApi.create(type, {
            ...property,
            type: property.type as never,
            fieldType: property.fieldType as never,
          }),
        );
      } catch (error) {
        // Made by an earlier run (or a retry whose first answer was lost): what we wanted.
        if (!(error instanceof HubSpotApiError) || error.status !== 409) throw error;
      }
    },
    async upsertContactsByEmail(inputs) {
      const ids: string[] = [];
      for (let i = 0; i < inputs.length; i += WRITE_BATCH) {
        const chunk = inputs.slice(i, i + WRITE_BATCH).map((input) => ({
          idProperty: 'email',
          id: input.email,
          properties: input.properties,
        }));
        const raw = await call('batch upsert contacts', () =>
          hubspot.crm.contacts.batchApi.upsert({ inputs: chunk }),
        );
        ids.push(...parse(upsertSchema, raw, 'batch upsert contacts').results.map((r) => r.id));
      }
      return ids;
    },
    async owners() {
      const emails = new Map<string, string>();
      let after: string | undefined;
      try {
        do {
          const raw = await call('owners', () =>
            hubspot.crm.owners.ownersApi.getPage(undefined, after, 500, false),
          );
          const page = parse(ownersSchema, raw, 'owners');
          for (const o of page.results) if (o.email) emails.set(o.id, o.email);
          after = page.paging?.next?.after;
        } while (after);
      } catch (error) {
        if (!(error instanceof HubSpotApiError) || (error.status !== 404 && error.status !== 403)) {
          throw error;
        }
        logger.debug({ code: error.code }, 'HubSpot owners unavailable; ownerEmail stays null');
      }
      return emails;
    },
  };
}
