import { PlexusError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import type { Clock } from '../common/clock';
import type { CallObserver } from '../common/health';
import type { CallPolicy } from '../common/retry';
import { createHttpClient, type HttpClientStats, type RequestBudget } from '../common/http';
import type { QuickBooksConfig } from './config';
import type { TokenManager } from './oauth';
import { cdcAnswerSchema, queryAnswerSchema, type QboEntity } from './vendor';

/**
 * The Accounting API over plain fetch (common/http.ts): every request carries `minorversion` and
 * a bearer token from the TokenManager, goes through one request budget below Intuit's 500 per
 * minute per realm, and is retried on 429 (after Retry-After: Intuit asks for 60 s), 5xx and
 * network errors. A 401 renews the access token once. Answers are checked with zod.
 */

export interface QueryPage {
  rows: unknown[];
  /** The server's clock when it answered (ISO with offset), if it said. */
  time: string | undefined;
}

export interface CdcAnswer {
  changes: { entity: QboEntity; rows: unknown[] }[];
  total: number;
  time: string | undefined;
}

export interface QboClient {
  /** `select * from <entity> …`: the rows of that entity (none when QBO answers `{}`). */
  query(entity: QboEntity, statement: string): Promise<QueryPage>;
  count(entity: QboEntity, where?: string): Promise<{ count: number; time: string | undefined }>;
  cdc(entities: readonly QboEntity[], changedSince: string): Promise<CdcAnswer>;
  readonly stats: HttpClientStats;
}

export interface QboClientOptions {
  config: Pick<QuickBooksConfig, 'apiUrl' | 'realmId' | 'minorVersion' | 'requestsPerMinute'>;
  tokens: TokenManager;
  logger: Logger;
  /** Overrides the per-minute budget (tests scale the window down). */
  budget?: RequestBudget;
  clock?: Clock;
  /** Timeouts, retries and backoff of each call, and who is told their outcome. */
  calls?: CallPolicy & { observer?: CallObserver };
}

export class QboAnswerError extends PlexusError {}

function unexpected(what: string, detail: string): never {
  throw new QboAnswerError(`QuickBooks ${what} answer unexpected: ${detail}`, {
    code: 'QBO_ANSWER',
  });
}

/**
 * The one way to call a QuickBooks company: its budget, bearer token (renewed on 401) and the
 * company URL with `minorversion`; the reader (this client) and the writer (writes.ts) share it.
 */
export function qboCompanyHttp(options: QboClientOptions) {
  const { config, tokens } = options;
  const http = createHttpClient({
    vendor: 'QuickBooks Online',
    logger: options.logger,
    budget: options.budget ?? { limit: config.requestsPerMinute, intervalMs: 60_000 },
    headers: async () => ({ authorization: `Bearer ${await tokens.bearer()}` }),
    onUnauthorized: () => tokens.onUnauthorized(),
    ...(options.clock ? { clock: options.clock } : {}),
    ...options.calls,
  });
  const companyUrl = `${config.apiUrl}/v3/company/${encodeURIComponent(config.realmId)}`;
  const url = (path: string, params: Record<string, string>) => {
    const u = new URL(`${companyUrl}/${path}`);
    for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
    u.searchParams.set('minorversion', String(config.minorVersion));
    return u.toString();
  };
  return { http, url };
}

export function createQboClient(options: QboClientOptions): QboClient {
  const { http, url } = qboCompanyHttp(options);

  async function runQuery(statement: string) {
    const body = await http.json<unknown>({ url: url('query', { query: statement }) });
    const parsed = queryAnswerSchema.safeParse(body);
    if (!parsed.success) unexpected('query', parsed.error.issues[0]?.message ?? 'no QueryResponse');
    return parsed.data;
  }

  return {
    stats: http.stats,
    async query(entity, statement) {
      const answer = await runQuery(statement);
      const rows = answer.QueryResponse[entity] ?? [];
      if (!Array.isArray(rows)) unexpected('query', `${entity} is not a list`);
      return { rows, time: answer.time };
    },
    async count(entity, where) {
      const answer = await runQuery(
        `select count(*) from ${entity}${where ? ` where ${where}` : ''}`,
      );
      const count = answer.QueryResponse.totalCount;
      if (typeof count !== 'number') unexpected('count', 'no totalCount');
      return { count, time: answer.time };
    },
    async cdc(entities, changedSince) {
      const body = await http.json<unknown>({
        url: url('cdc', { entities: entities.join(','), changedSince }),
      });
      const parsed = cdcAnswerSchema.safeParse(body);
      if (!parsed.success) unexpected('cdc', parsed.error.issues[0]?.message ?? 'no CDCResponse');
      const changes: CdcAnswer['changes'] = [];
      let total = 0;
      for (const block of parsed.data.CDCResponse) {
        for (const part of block.QueryResponse) {
          for (const entity of entities) {
            const rows = part[entity];
            if (rows === undefined) continue;
            if (!Array.isArray(rows)) unexpected('cdc', `${entity} is not a list`);
            changes.push({ entity, rows });
            total += rows.length;
          }
        }
      }
      return { changes, total, time: parsed.data.time };
    },
  };
}

/** QBO wants instants like `2025-03-01T18:33:39Z`; whole seconds, rounded down (a wider window). */
export const qboInstant = (ms: number): string =>
  new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Quotes a value for the query language. */
export const quote = (value: string): string =>
  `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
