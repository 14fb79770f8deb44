// Fast tier, embedded mode: events for all four sources go through the in-process stream and the
// projector into SQLite, and the customer-360 query through the gateway (subgraphs in-process)
// answers exactly what was published; newer versions show up, stale ones do not; and the query's
// SQL statement count does not grow with the number of orders. test/e2e/distributed runs the same
// scenario as separate processes on Kafka and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../../../gateway/server';
import type { ChangeEvent } from '../../../schema/events';
import type { Db } from '../../../store/orm';
import { MemoryStream } from '../../../streams/memory';
import { startProjection, type Projection } from '../../../streams/projector/runtime';
import { publish } from '../../helpers/events';
import { waitFor } from '../../helpers/kafka';
import { customer360Query } from '../graph/fixture';
import { countStatements, openStore, query, quiet, startGraph, type Store } from '../graph/harness';
import { expectedCustomer360, Published } from './expected';
import { customer360Events, laterChanges, refs } from './scenario';

interface Embedded {
  store: Store;
  stream: MemoryStream;
  projection: Projection;
}

async function startEmbedded(): Promise<Embedded> {
  const store = await openStore('sqlite');
  const stream = new MemoryStream();
  const projection = await startProjection({
    stream,
    orm: store.db.orm,
    groupId: 'graph-events',
    logger: quiet,
  });
  return { store, stream, projection };
}

async function stopEmbedded(env: Embedded | undefined): Promise<void> {
  await env?.projection.stop();
  await env?.stream.close();
  await env?.store.close();
}

/**
 * Resolves once the projector's book (applied_version) holds every record of `events` at its
 * winning version; a winning event that was dead-lettered instead leaves its record behind, and
 * the wait times out naming it.
 */
async function waitForApplied(db: Db, events: readonly ChangeEvent[]): Promise<void> {
  const wanted = new Published(events).versions();
  await waitFor(
    async () => {
      const rows = await db.orm.em
        .getConnection()
        .execute<{ source: string; entity: string; source_id: string; version: number | string }[]>(
          'select source, entity, source_id, version from applied_version',
        );
      const book = new Map(
        rows.map((r) => [`${r.source}/${r.entity}/${r.source_id}`, Number(r.version)]),
      );
      const missing = [...wanted].filter(([key, version]) => book.get(key) !== version);
      if (missing.length > 0) {
        throw new Error(`not applied: ${missing.map(([key, v]) => `${key}@${v}`).join(', ')}`);
      }
      return true;
    },
    { timeoutMs: 20_000, intervalMs: 50 },
  );
}

const expectedFor = (events: readonly ChangeEvent[], first: number) =>
  expectedCustomer360(events, { shopifyCustomerId: refs.shopifyCustomer, first });

const ask = (url: string, expected: ReturnType<typeof expectedFor>, first: number) =>
  query(url, customer360Query, { id: expected.customer.id, orders: first });

describe('customer 360 from published events (in-process stream, SQLite)', () => {
  let env: Embedded;
  let gateway: RunningGateway;
  // Everything published so far, in order: the expected answer is read off all of it.
  let sent: ChangeEvent[] = [];

  beforeAll(async () => {
    env = await startEmbedded();
    gateway = await startGraph(env.store.db);
  });
  afterAll(async () => {
    await gateway?.stop();
    await stopEmbedded(env);
  });

  async function publishAndApply(events: ChangeEvent[]): Promise<void> {
    sent = [...sent, ...events];
    await publish(env.stream, events);
    await waitForApplied(env.store.db, sent);
  }

  it('answers exactly the values that were published', async () => {
    await publishAndApply(customer360Events({ orders: 3 }));
    const expected = expectedFor(sent, 10);
    // The scenario is what it claims to be: four sources, one person, orders with ERP and books.
    expect(expected.customer.identities).toHaveLength(4);
    expect(expected.customer.orders.nodes).toHaveLength(3);
    expect(expected.customer.crm?.deals.totalCount).toBe(2);

    const result = await ask(gateway.url, expected, 10);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual(expected);
  });

  it('reflects newer versions of records and ignores stale ones', async () => {
    const before = expectedFor(sent, 10);
    await publishAndApply(laterChanges(sent));
    const expected = expectedFor(sent, 10);
    // The changes are visible in what the graph owes: a stage, a stock level, a paid invoice.
    expect(expected.customer.crm?.lifecycleStage).not.toBe(before.customer.crm?.lifecycleStage);
    expect(expected).not.toEqual(before);

    const result = await ask(gateway.url, expected, 10);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual(expected);
  });
});

describe('SQL statements of the customer-360 query over published events (SQLite)', () => {
  /** Publishes a world with `orders` orders, then counts the statements of one 360 query. */
  async function statementsFor(orders: number): Promise<number> {
    const env = await startEmbedded();
    let gateway: RunningGateway | undefined;
    try {
      const events = customer360Events({ orders });
      await publish(env.stream, events);
      await waitForApplied(env.store.db, events);
      // The projector shares the store's connection: stop it, so only the query is counted.
      await env.projection.stop();
      gateway = await startGraph(env.store.db);
      // first: 100 pages well past 5 orders and stops short of 200, so both sizes are exercised.
      const expected = expectedFor(events, 100);
      const url = gateway.url;
      let answer: unknown;
      const statements = await countStatements(env.store.db, async () => {
        const result = await ask(url, expected, 100);
        expect(result.errors).toBeUndefined();
        answer = result.data;
      });
      expect(answer).toEqual(expected);
      return statements;
    } finally {
      await gateway?.stop();
      await stopEmbedded(env);
    }
  }

  it('does not grow with the number of orders (5 and 200 orders)', async () => {
    const few = await statementsFor(5);
    const many = await statementsFor(200);
    expect(few).toBeGreaterThan(0);
    expect(many).toBe(few);
  });
});
