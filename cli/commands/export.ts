import { open } from 'node:fs/promises';
import { SingleBar, Presets } from 'cli-progress';
import type { FilterQuery } from '@mikro-orm/core';
import { z } from 'zod';
import type { Config } from '../../lib/config';
import { ConfigError } from '../../lib/errors';
import type { CustomerProfileMessage } from '../../schema/events';
import { CustomerProfile } from '../../store/entities';
import { closeORM, initORM } from '../../store/orm';
import { profileMessage } from '../../streams/projector/profiles/build';
import { segmentWhere } from '../../subgraphs/shopify/queries';

/** The graph's CustomerFilter, as JSON on the command line: one shape for both. */
const filterSchema = z
  .object({
    lifecycleStage: z.string().optional(),
    consent: z.boolean().optional(),
    lifetimeValue: z
      .object({ min: z.string().optional(), max: z.string().optional() })
      .strict()
      .optional(),
    lastOrderBefore: z.iso.datetime({ offset: true }).optional(),
    lastOrderAfter: z.iso.datetime({ offset: true }).optional(),
    hasOpenBalance: z.boolean().optional(),
  })
  .strict();

export interface ExportOptions {
  filter?: string;
  format: string;
  out?: string;
}

const PAGE = 500;

const CSV_COLUMNS = [
  'id',
  'lifetimeValue',
  'currency',
  'orderCount',
  'averageOrderValue',
  'refundsTotal',
  'firstOrderAt',
  'lastOrderAt',
  'erpOpenBalance',
  'booksOpenBalance',
  'lifecycleStage',
  'owner',
  'emailConsent',
  'emailConsentSource',
  'emailConsentChangedAt',
  'smsConsent',
  'identities',
  'absorbedIds',
  'changedAt',
] as const;

function csvRow(p: CustomerProfileMessage): string {
  const cells: Record<(typeof CSV_COLUMNS)[number], unknown> = {
    ...p,
    erpOpenBalance: p.openBalance.erp?.amount,
    booksOpenBalance: p.openBalance.books?.amount,
    emailConsent: p.consent.email?.granted,
    emailConsentSource: p.consent.email?.source,
    emailConsentChangedAt: p.consent.email?.changedAt,
    smsConsent: p.consent.sms?.granted,
    identities: p.identities.map((i) => `${i.source}:${i.sourceId}`).join(' '),
    absorbedIds: p.absorbedIds.join(' '),
  };
  return CSV_COLUMNS.map((c) => csvCell(cells[c])).join(',');
}

/** RFC 4180; a leading =, +, - or @ is quoted with a ' so a spreadsheet does not run it. */
function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@]/.test(text) && !/^-?\d/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function parseFilter(text: string | undefined): FilterQuery<CustomerProfile>[] {
  if (!text) return [];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConfigError(['--filter: not JSON, e.g. \'{"consent": true}\'']);
  }
  const parsed = filterSchema.safeParse(json);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `--filter ${i.path.join('.')}: ${i.message}`),
    );
  }
  const { lastOrderBefore, lastOrderAfter, ...rest } = parsed.data;
  return segmentWhere({
    ...rest,
    lastOrderBefore: lastOrderBefore ? new Date(lastOrderBefore) : undefined,
    lastOrderAfter: lastOrderAfter ? new Date(lastOrderAfter) : undefined,
  });
}

/**
 * `plexus export profiles`: a segment of the marketing profiles to a file readable by its owner
 * only (0600), page by page in id order, with a progress bar on stderr.
 */
export async function exportProfilesCommand(config: Config, options: ExportOptions): Promise<void> {
  if (options.format !== 'ndjson' && options.format !== 'csv') {
    throw new ConfigError(['--format: ndjson or csv']);
  }
  const where = parseFilter(options.filter);
  const out = options.out ?? `profiles.${options.format}`;
  const db = await initORM(config.DATABASE_URL);
  const file = await open(out, 'w', 0o600);
  try {
    await file.chmod(0o600); // an existing file keeps its mode on open
    const em = db.orm.em.fork();
    const total = await em.count(CustomerProfile, { $and: where });
    const bar = new SingleBar(
      { format: 'profiles [{bar}] {value}/{total} {eta_formatted}', stream: process.stderr },
      Presets.shades_classic,
    );
    bar.start(total, 0);
    if (options.format === 'csv') await file.write(`${CSV_COLUMNS.join(',')}\n`);
    let after: string | undefined;
    let written = 0;
    for (;;) {
      const page = await em
        .fork()
        .find(
          CustomerProfile,
          { $and: after ? [...where, { id: { $gt: after } }] : where },
          { orderBy: { id: 'asc' }, limit: PAGE },
        );
      if (page.length === 0) break;
      const lines = page.map((row) => {
        const message = profileMessage(row);
        return options.format === 'csv' ? csvRow(message) : JSON.stringify(message);
      });
      await file.write(`${lines.join('\n')}\n`);
      written += page.length;
      bar.update(Math.min(written, total));
      after = page.at(-1)?.id;
    }
    bar.stop();
    console.error(`${written} profiles written to ${out}`);
  } finally {
    await file.close();
    await closeORM();
  }
}
