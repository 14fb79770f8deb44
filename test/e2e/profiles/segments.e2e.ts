// Customer.profile and customers(filter:) through the gateway, on SQLite and (with DATABASE_URL)
// PostgreSQL: segments hold exactly the people whose stored profile matches, and consent holds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../../../gateway/server';
import { generateDataset } from '../../../demo/dataset';
import type { CustomerProfile } from '../../../store/entities';
import { dialect as dialectOf } from '../../../store/orm';
import { StoreSink } from '../../../streams/projector/sink';
import { selectWhereAny } from '../../../streams/projector/sink/bulk';
import { describeWithPostgres } from '../../helpers/infra';
import {
  credentialFor,
  type GraphResponse,
  openStore,
  query,
  startGraph,
  type Dialect,
  type Store,
} from '../graph/harness';

const SEGMENT = `query Segment($filter: CustomerFilter, $after: String) {
  customers(first: 100, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id profile { lifetimeValue { amount currencyCode } orderCount lifecycleStage
      emailConsent { granted source changedAt } lastOrderAt erpOpenBalance { amount }
      booksOpenBalance { amount } absorbedIds } }
  }
}`;

interface Page {
  customers: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    nodes: Array<{
      id: string;
      profile: { orderCount: number; lifetimeValue: { amount: string } };
    }>;
  };
}

function scenario(dialect: Dialect) {
  let store: Store;
  let gateway: RunningGateway;
  let profiles: CustomerProfile[];

  beforeAll(async () => {
    store = await openStore(dialect);
    const sink = new StoreSink(store.db.orm, 'plexus');
    const events = generateDataset({
      seed: 5,
      customers: 60,
      orders: 240,
      products: 8,
      locations: 2,
    });
    for (let i = 0; i < events.length; i += 200) await sink.apply(events.slice(i, i + 200));
    const em = store.db.orm.em.fork();
    const ids = (
      await em.getConnection().execute<Array<{ id: string }>>('select id from customer')
    ).map((r) => String(r.id));
    profiles = await selectWhereAny<CustomerProfile>(
      { em, dialect: dialectOf(store.db.orm) },
      'CustomerProfile',
      [{ property: 'id', values: ids }],
    );
    gateway = await startGraph(store.db);
  }, 240_000);

  afterAll(async () => {
    await gateway?.stop();
    await store?.close();
  });

  /** Every page of a segment, following the cursors. */
  async function segment(filter: Record<string, unknown>): Promise<string[]> {
    const ids: string[] = [];
    let after: string | null = null;
    for (;;) {
      const variables: Record<string, unknown> = { filter, after };
      const response: GraphResponse<Page> = await query<Page>(gateway.url, SEGMENT, variables);
      expect(response.errors).toBeUndefined();
      const page: Page['customers'] | undefined = response.data?.customers;
      if (!page) throw new Error('no page');
      ids.push(...page.nodes.map((n) => n.id));
      if (!page.pageInfo.hasNextPage) {
        expect(page.totalCount).toBe(ids.length);
        return ids.sort();
      }
      after = page.pageInfo.endCursor;
    }
  }
  const expected = (keep: (p: CustomerProfile) => boolean) =>
    profiles
      .filter(keep)
      .map((p) => p.id)
      .sort();

  it('gives each customer its profile', async () => {
    const ids = await segment({});
    expect(ids).toEqual(expected(() => true));
    const { data } = await query<Page>(gateway.url, SEGMENT, { filter: {} });
    for (const node of data?.customers.nodes ?? []) {
      const stored = profiles.find((p) => p.id === node.id);
      expect(node.profile.orderCount).toBe(stored?.orderCount);
      expect(node.profile.lifetimeValue.amount).toBe(stored?.lifetimeValue);
    }
  });

  it('never puts a person without consent in a consent: true segment', async () => {
    const granted = await segment({ consent: true });
    expect(granted.length).toBeGreaterThan(0);
    expect(granted).toEqual(expected((p) => p.emailConsent === true));
    const others = await segment({ consent: false });
    expect(others).toEqual(expected((p) => p.emailConsent !== true));
  });

  it('filters on lifecycle, lifetime value, last order and open balance together', async () => {
    const stage = profiles.find((p) => p.lifecycleStage)?.lifecycleStage ?? 'customer';
    const filter = {
      lifecycleStage: stage,
      lifetimeValue: { min: '100', max: '5000.00' },
      lastOrderAfter: '2000-01-01T00:00:00Z',
      lastOrderBefore: '2100-01-01T00:00:00Z',
    };
    expect(await segment(filter)).toEqual(
      expected(
        (p) =>
          p.lifecycleStage === stage &&
          p.lifetimeValueMinor >= 10_000 &&
          p.lifetimeValueMinor <= 500_000 &&
          p.lastOrderAt !== null,
      ),
    );
    expect(await segment({ hasOpenBalance: true })).toEqual(expected((p) => p.hasOpenBalance));
    expect(await segment({ hasOpenBalance: false })).toEqual(expected((p) => !p.hasOpenBalance));
  });

  it('refuses a segment to a caller without profiles:read, and a bad amount', async () => {
    const refused = await query(
      gateway.url,
      '{ customers(filter: { consent: true }) { totalCount } }',
      {},
      credentialFor(['customers:read']),
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const bad = await query(
      gateway.url,
      '{ customers(filter: { lifetimeValue: { min: "1e3" } }) { totalCount } }',
    );
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
}

describe('profile segments on SQLite', () => scenario('sqlite'));
describeWithPostgres('profile segments on PostgreSQL', () => scenario('postgresql'));
