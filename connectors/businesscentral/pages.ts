import type { z } from 'zod';
import type { BcContext } from './context';

/**
 * OData paging: the first page from a URL, then every `@odata.nextLink` until there is none.
 * Records are validated one by one; one that fails is logged with its id and skipped, so one odd
 * record cannot block a set.
 */

export interface Page {
  /** The records as served; each set's reader validates them. */
  values: unknown[];
  /** Where the next page is; undefined on the last. */
  nextLink: string | undefined;
}

export async function* readPages(
  ctx: BcContext,
  url: string,
  signal?: AbortSignal,
): AsyncGenerator<Page> {
  let next: string | undefined = url;
  while (next) {
    const page = await ctx.client.page(next, signal);
    next = page['@odata.nextLink'];
    yield { values: page.value, nextLink: next };
  }
}

export function validRecords<S extends z.ZodType>(
  ctx: BcContext,
  schema: S,
  values: readonly unknown[],
  from: string,
): z.output<S>[] {
  const records: z.output<S>[] = [];
  for (const value of values) {
    const parsed = schema.safeParse(value);
    if (parsed.success) {
      records.push(parsed.data);
      continue;
    }
    ctx.counters.invalid += 1;
    const id = value && typeof value === 'object' && 'id' in value ? String(value.id) : '(no id)';
    ctx.logger.error(
      {
        from: new URL(from).pathname,
        id,
        issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
      },
      'Business Central record skipped: it does not match the expected shape',
    );
  }
  return records;
}

/** Every record of a URL, all pages (small sets: locations, variants). */
export async function readAll<S extends z.ZodType>(
  ctx: BcContext,
  schema: S,
  url: string,
): Promise<z.output<S>[]> {
  const all: z.output<S>[] = [];
  for await (const page of readPages(ctx, url))
    all.push(...validRecords(ctx, schema, page.values, url));
  return all;
}
