import { QboAnswerError } from './client';
import type { ConnectorContext } from './context';
import type { QboEntity } from './vendor';

/**
 * Reads every row of a query page by page with STARTPOSITION/MAXRESULTS, ordered by Id, without
 * losing rows when the data changes meanwhile. New records get higher ids and land at the end;
 * updates keep their place; but a delete shifts every later row one place to the left, and plain
 * position paging would then skip a row. So each page starts a few rows before the end of the
 * last one and must contain the last id seen (or an earlier one); if it does not, more rows
 * vanished than the overlap covers, and it looks further back. Rows already seen are dropped.
 */

export interface PageState {
  /** 1-based position just after the last row read. */
  position: number;
  /** Id of the last row read; null before the first page. */
  lastId: string | null;
}

export interface Page {
  /** Rows not seen before. */
  rows: unknown[];
  state: PageState;
  done: boolean;
  time: string | undefined;
}

export interface ReadOptions {
  entity: QboEntity;
  /** A condition for `where`, e.g. `MetaData.LastUpdatedTime > '…'`. */
  where?: string;
  pageSize?: number;
  state?: PageState;
  signal?: AbortSignal;
}

export const MAX_PAGE_SIZE = 1000;

function idOf(row: unknown): number {
  const id = (row as { Id?: unknown } | null)?.Id;
  const n = typeof id === 'string' ? Number(id) : NaN;
  if (!Number.isFinite(n)) {
    throw new QboAnswerError(`QuickBooks row without a numeric Id: ${String(id)}`, {
      code: 'QBO_ANSWER',
    });
  }
  return n;
}

export async function* readPages(
  ctx: ConnectorContext,
  options: ReadOptions,
): AsyncGenerator<Page> {
  const pageSize = options.pageSize ?? MAX_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 2 || pageSize > MAX_PAGE_SIZE) {
    throw new RangeError(`page size must be 2..${MAX_PAGE_SIZE}, got ${pageSize}`);
  }
  const overlap = Math.max(1, Math.min(10, Math.floor(pageSize / 4)));
  const where = options.where ? ` where ${options.where}` : '';
  let { position, lastId } = options.state ?? { position: 1, lastId: null };
  let back = overlap;
  for (;;) {
    if (options.signal?.aborted) return;
    const start = lastId === null ? position : Math.max(1, position - back);
    const { rows, time } = await ctx.client.query(
      options.entity,
      `select * from ${options.entity}${where} orderby Id startposition ${start} maxresults ${pageSize}`,
    );
    const last = lastId === null ? undefined : Number(lastId);
    const first = rows[0];
    if (last !== undefined && start > 1 && (first === undefined || idOf(first) > last)) {
      back *= 2;
      ctx.logger.debug({ entity: options.entity, back }, 'QuickBooks rows vanished; reading back');
      continue;
    }
    back = overlap;
    const fresh = last === undefined ? rows : rows.filter((r) => idOf(r) > last);
    position = start + rows.length;
    const tail = rows.at(-1);
    if (tail !== undefined) lastId = String(idOf(tail));
    const done = rows.length < pageSize;
    yield { rows: fresh, state: { position, lastId }, done, time };
    if (done) return;
  }
}
