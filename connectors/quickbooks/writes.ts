import { z } from 'zod';
import { PlexusError } from '../../lib/errors';
import { HttpApiError } from '../common/http';
import { qboCompanyHttp, type QboClientOptions } from './client';
import { queryAnswerSchema, type QboEntity } from './vendor';

/**
 * The Accounting API's writes, for the flows: `POST /v3/company/{realm}/{entity}` creates (with a
 * `requestid` on every create, so a retry after a lost answer gets the original answer instead of
 * a second record) or updates by `Id` + `SyncToken`. Over common/http.ts: the per-realm budget, a
 * timeout on each call, 429/5xx/timeouts retried (safe: the requestid goes with every attempt).
 * A refusal (HTTP 400 with QBO's `Fault`) becomes a QboFault with QBO's code (5010, 6140, ...).
 */

/** What the flows write: every entity the connector reads but Item (they never touch the catalogue). */
export type QboWritable = Exclude<QboEntity, 'Item'>;

/** What a write answers that the flows rely on; the rest of the record is kept in `record`. */
export const writtenSchema = z
  .object({
    Id: z.string().min(1),
    SyncToken: z.string(),
    DocNumber: z.string().optional(),
    TotalAmt: z.number().optional(),
    PrivateNote: z.string().optional(),
    DisplayName: z.string().optional(),
  })
  .passthrough();
export type QboWritten = z.infer<typeof writtenSchema>;

const faultSchema = z.object({
  Fault: z.object({
    Error: z.array(
      z.object({ Message: z.string(), Detail: z.string().optional(), code: z.string() }),
    ),
    type: z.string().optional(),
  }),
});

/** QuickBooks refused the write; `vendorCode` is QBO's (e.g. "6140", "5010"). */
export class QboFault extends PlexusError {
  constructor(
    readonly vendorCode: string,
    message: string,
    readonly detail: string | undefined,
    cause?: unknown,
  ) {
    super(`QuickBooks refused: ${message} (${vendorCode})${detail ? `: ${detail}` : ''}`, {
      code: 'QBO_FAULT',
      retriable: false,
      cause,
    });
  }
}

export interface QboWriter {
  /** Creates one record; `requestId` makes it idempotent (at most 50 characters, realm-unique). */
  create(
    entity: QboWritable,
    body: Record<string, unknown>,
    requestId: string,
    signal?: AbortSignal,
  ): Promise<QboWritten>;
  /** Updates by `Id` + `SyncToken` (sparse: only the fields sent change). */
  update(
    entity: QboWritable,
    body: { Id: string; SyncToken: string } & Record<string, unknown>,
    requestId: string,
    signal?: AbortSignal,
  ): Promise<QboWritten>;
  /** `select * from <entity> where <where>`: up to 1,000 rows. */
  find(entity: string, where: string, signal?: AbortSignal): Promise<QboWritten[]>;
}

/** Intuit caps requestid at 50 characters. */
export const REQUEST_ID_MAX = 50;

export function createQboWriter(options: QboClientOptions): QboWriter {
  const { http, url } = qboCompanyHttp(options);

  async function post(
    entity: QboWritable,
    body: Record<string, unknown>,
    requestId: string,
    signal?: AbortSignal,
  ): Promise<QboWritten> {
    if (requestId.length === 0 || requestId.length > REQUEST_ID_MAX) {
      throw new PlexusError(`requestid must be 1–${REQUEST_ID_MAX} characters`, {
        code: 'QBO_REQUEST_ID',
      });
    }
    let answer: unknown;
    try {
      answer = await http.json<unknown>({
        method: 'POST',
        url: url(entity.toLowerCase(), { requestid: requestId }),
        body,
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      throw asFault(error) ?? error;
    }
    const record = (answer as Record<string, unknown> | undefined)?.[entity];
    const parsed = writtenSchema.safeParse(record);
    if (!parsed.success) {
      throw new PlexusError(`QuickBooks ${entity} write answer unexpected`, {
        code: 'QBO_ANSWER',
        retriable: true,
      });
    }
    return parsed.data;
  }

  return {
    create: post,
    update: (entity, body, requestId, signal) =>
      post(entity, { sparse: true, ...body }, requestId, signal),
    async find(entity, where, signal) {
      const statement = `select * from ${entity} where ${where} maxresults 1000`;
      const body = await http.json<unknown>({
        url: url('query', { query: statement }),
        ...(signal ? { signal } : {}),
      });
      const parsed = queryAnswerSchema.safeParse(body);
      const rows = parsed.success ? parsed.data.QueryResponse[entity] : undefined;
      if (rows === undefined) return [];
      if (!Array.isArray(rows)) {
        throw new PlexusError(`QuickBooks ${entity} query answer unexpected`, {
          code: 'QBO_ANSWER',
          retriable: true,
        });
      }
      return rows.flatMap((row) => {
        const one = writtenSchema.safeParse(row);
        return one.success ? [one.data] : [];
      });
    },
  };
}

/** A 400 carrying QBO's Fault, as a QboFault; anything else is not a refusal. */
function asFault(error: unknown): QboFault | undefined {
  if (!(error instanceof HttpApiError) || error.retriable) return undefined;
  const parsed = faultSchema.safeParse(error.body);
  const first = parsed.success ? parsed.data.Fault.Error[0] : undefined;
  if (!first) return undefined;
  return new QboFault(first.code, first.Message, first.Detail, error);
}
