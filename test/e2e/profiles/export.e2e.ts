// `plexus export profiles` as a child process: a consent segment to NDJSON and CSV, mode 0600.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDataset } from '../../../demo/dataset';
import { closeORM, initORM } from '../../../store/orm';
import { StoreSink } from '../../../streams/projector/sink';

const run = promisify(execFile);

describe('plexus export profiles', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plexus-export-'));
  const url = `sqlite://${join(dir, 'store.sqlite')}`;
  let consenting: string[];

  beforeAll(async () => {
    const db = await initORM(url, { migrate: true });
    const events = generateDataset({
      seed: 5,
      customers: 40,
      orders: 120,
      products: 6,
      locations: 2,
    });
    const sink = new StoreSink(db.orm, 'plexus');
    for (let i = 0; i < events.length; i += 200) await sink.apply(events.slice(i, i + 200));
    const rows = await db.orm.em
      .getConnection()
      .execute<Array<{ id: string }>>(
        'select id from customer_profile where email_consent = 1 order by id',
      );
    consenting = rows.map((r) => r.id);
    await closeORM(url);
  }, 120_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const exportTo = (out: string, format: string) =>
    run(
      process.execPath,
      [
        '--import',
        'tsx',
        'cli/main.ts',
        'export',
        'profiles',
        '--filter',
        '{"consent": true}',
        '--format',
        format,
        '--out',
        out,
      ],
      { env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' }, timeout: 120_000 },
    );

  it('writes the consent segment as NDJSON, readable by its owner only', async () => {
    const out = join(dir, 'segment.ndjson');
    const { stderr } = await exportTo(out, 'ndjson');
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            id: string;
            consent: { email: { granted: boolean } | null };
          },
      );
    expect(consenting.length).toBeGreaterThan(0);
    expect(lines.map((l) => l.id)).toEqual(consenting);
    expect(lines.every((l) => l.consent.email?.granted === true)).toBe(true);
    expect(stderr).toContain(`${consenting.length} profiles written`);
  }, 150_000);

  it('writes CSV with a header and one row per profile', async () => {
    const out = join(dir, 'segment.csv');
    await exportTo(out, 'csv');
    const [header, ...rows] = readFileSync(out, 'utf8').trim().split('\n');
    expect(header?.split(',')[0]).toBe('id');
    expect(rows.map((r) => r.split(',')[0])).toEqual(consenting);
  }, 150_000);
});
