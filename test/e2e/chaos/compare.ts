// What must hold after every fault, read from the cluster's own broker and store: the store equals
// the sandbox, each canonical topic's last message per key equals the store, the projector's group
// has no lag. Each returns what differs (empty when all is well), so a failure reads as a list.
import type { Kafka } from 'kafkajs';
import type { BcSandbox } from '../../../sandbox/businesscentral';
import type { QboSandbox } from '../../../sandbox/quickbooks';
import type { ShopifySandbox } from '../../../sandbox/shopify';
import { cents, money } from '../../../sandbox/shopify/store';
import { canonicalTopic, type CanonicalEntity } from '../../../schema/events';
import { dialect, type Db } from '../../../store/orm';
import { projectedTopics } from '../../../streams/projector/runtime';
import { readCanonical } from '../../../streams/projector/sink/canonical-records';

type Lines = Record<'orders' | 'customers' | 'products', string[]>;

function sandboxLines(sandbox: ShopifySandbox): Lines {
  const { store } = sandbox;
  return {
    orders: [...store.orders.values()]
      .map((o) => {
        const refunded = money(o.refunds.reduce((sum, r) => sum + cents(r.amount), 0));
        const status = o.financialStatus.toLowerCase();
        return `${o.id}|${status}|${o.total}|${Date.parse(o.updatedAt)}|${refunded}|${o.lineItems.length}`;
      })
      .sort(),
    customers: [...store.customers.values()].map((c) => `${c.id}|${c.email ?? ''}`).sort(),
    products: [...store.products.values()].map((p) => `${p.id}|${p.title}`).sort(),
  };
}

async function storeLines(db: Db): Promise<Lines> {
  const sql = db.orm.em.fork().getConnection();
  const lines = async (query: string) =>
    (await sql.execute<Array<{ line: string }>>(query)).map((r) => r.line).sort();
  return {
    orders: await lines(
      `select o.source_id || '|' || o.financial_status || '|' || o.total_price::text || '|' ||
              (extract(epoch from o.updated_at) * 1000)::bigint::text || '|' ||
              (select coalesce(sum(r.amount), 0)::numeric(14,2)::text from order_refund r
                where r.order_id = o.id) || '|' ||
              (select count(*) from order_line l where l.order_id = o.id)::text as line
         from orders o`,
    ),
    customers: await lines(
      `select source_id || '|' || coalesce(email, '') as line from customer_identity
        where source = 'shopify'`,
    ),
    products: await lines(`select source_id || '|' || title as line from product`),
  };
}

/** The reconciliation comparison: each record the sandbox holds, as the store holds it. */
export async function diffStoreAndSandbox(db: Db, sandbox: ShopifySandbox): Promise<string[]> {
  const want = sandboxLines(sandbox);
  const got = await storeLines(db);
  const problems: string[] = [];
  for (const kind of ['orders', 'customers', 'products'] as const) {
    const have = new Set(got[kind]);
    const expected = new Set(want[kind]);
    const missing = want[kind].filter((line) => !have.has(line));
    const extra = got[kind].filter((line) => !expected.has(line));
    if (missing.length || extra.length) {
      problems.push(
        `${kind}: ${missing.length} missing or stale (e.g. ${missing[0] ?? '-'}), ` +
          `${extra.length} extra (e.g. ${extra[0] ?? '-'})`,
      );
    }
  }
  return problems;
}

/** Every message of a topic up to its end now, in partition order. */
export async function readTopic(
  kafka: Kafka,
  topic: string,
): Promise<Array<{ partition: number; key: string; value: string | null; headers: string }>> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map(
    (await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect())).map((p) => [
      p.partition,
      BigInt(p.high),
    ]),
  );
  const out: Array<{ partition: number; key: string; value: string | null; headers: string }> = [];
  if ([...ends.values()].every((end) => end === 0n)) return out;
  const consumer = kafka.consumer({ groupId: `read-${topic}-${Date.now()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    const seen = new Map<number, bigint>();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`reading ${topic} timed out`)), 120_000);
      const done = () =>
        [...ends].every(
          ([partition, end]) => end === 0n || (seen.get(partition) ?? -1n) >= end - 1n,
        );
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            const offset = BigInt(message.offset);
            if (offset >= (ends.get(partition) ?? 0n) || offset <= (seen.get(partition) ?? -1n)) {
              return;
            }
            seen.set(partition, offset);
            const outboxId = message.headers?.['x-plexus-outbox-id'];
            out.push({
              partition,
              key: message.key?.toString() ?? '',
              value: message.value?.toString() ?? null,
              headers: outboxId ? outboxId.toString() : '',
            });
            if (done()) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return out;
}

const TABLES: Partial<Record<CanonicalEntity, string>> = {
  customer: 'customer',
  order: 'orders',
  product: 'product',
};

export interface CanonicalCheck {
  problems: string[];
  /** Messages that repeat one record's version: a change published twice. */
  duplicates: number;
  /**
   * Of those, repeats from another outbox batch than the first: a left-behind batch rebuilt from
   * the store as the record stands now (after a crash), or one change recorded twice. The rest
   * are one batch sent again (a crash, or a lost answer, between send and delete).
   */
  fromAnotherBatch: number;
  messages: number;
}

/** Each canonical topic's last message per key against the store, and repeated versions. */
export async function checkCanonical(
  kafka: Kafka,
  db: Db,
  namespace: string,
): Promise<CanonicalCheck> {
  const problems: string[] = [];
  let duplicates = 0;
  let fromAnotherBatch = 0;
  let messages = 0;
  const em = db.orm.em.fork();
  for (const [entity, table] of Object.entries(TABLES) as Array<[CanonicalEntity, string]>) {
    const read = await readTopic(kafka, canonicalTopic(entity, namespace));
    messages += read.length;
    const last = new Map<string, { version: number; data: unknown }>();
    // Each record version's outbox batch (the header's `<batch>.<position>`).
    const versions = new Map<string, string>();
    for (const m of read) {
      const value = JSON.parse(m.value ?? 'null') as { id: string; version: number; data: unknown };
      const seen = `${value.id}@${value.version}`;
      const batch = m.headers.split('.')[0] ?? '';
      const first = versions.get(seen);
      if (first !== undefined) {
        duplicates += 1;
        if (first !== batch) fromAnotherBatch += 1;
      } else {
        versions.set(seen, batch);
      }
      last.set(m.key, value);
    }
    const ids = (
      await em.getConnection().execute<Array<{ id: string }>>(`select id from "${table}"`)
    ).map((r) => r.id);
    const live = [...last].filter(([, v]) => v.data !== null).map(([id]) => id);
    const stored = await readCanonical({ em, dialect: dialect(db.orm) }, entity, ids);
    const missing = ids.filter((id) => !last.get(id)?.data);
    const extra = live.filter((id) => !stored.has(id));
    const differing = ids.filter((id) => {
      const message = last.get(id);
      return (
        message?.data &&
        JSON.stringify(message.data) !== JSON.stringify(JSON.parse(JSON.stringify(stored.get(id))))
      );
    });
    if (missing.length || extra.length || differing.length) {
      problems.push(
        `${entity}: ${missing.length} stored records without a live last message, ` +
          `${extra.length} live keys not in the store, ${differing.length} differing (e.g. ${differing[0] ?? '-'})`,
      );
    }
  }
  return { problems, duplicates, fromAnotherBatch, messages };
}

/** Messages on the source topics not yet committed by the group, and the topics' total size. */
export async function lagOf(
  kafka: Kafka,
  namespace: string,
  groupId: string,
): Promise<{ lag: number; total: number }> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = projectedTopics(namespace);
    const existing = new Set(await admin.listTopics());
    let lag = 0;
    let total = 0;
    const present = topics.filter((t) => existing.has(t));
    const committed = await admin.fetchOffsets({ groupId, topics: present });
    for (const { topic, partitions } of committed) {
      for (const { partition, high } of await admin.fetchTopicOffsets(topic)) {
        const done = BigInt(partitions.find((p) => p.partition === partition)?.offset ?? '-1');
        const end = BigInt(high);
        total += Number(end);
        lag += Number(end - (done < 0n ? 0n : done));
      }
    }
    return { lag, total };
  } finally {
    await admin.disconnect();
  }
}

/** What the flows wrote to the vendors, and what they wrote twice. */
export interface FlowWrites {
  /** BC sales orders, QBO sales and refund receipts, Shopify fulfilments made through the API. */
  writes: number;
  /** Documents beyond the first for one key: must be 0 (each line below names one). */
  duplicates: number;
  problems: string[];
}

function repeats<T>(items: T[], keyOf: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + 1);
  return new Map([...counts].filter(([, n]) => n > 1));
}

/**
 * Each vendor's documents per the key the flows write them under: BC sales orders per
 * externalDocumentNumber, QuickBooks receipts per DocNumber, and per Shopify order the
 * fulfilments made through fulfillmentCreate (the only ones that name their lines; the sandbox's
 * own traffic and seed fulfil without), of which a BC shipment of the whole order makes one.
 */
export function flowWrites(vendors: {
  erp: BcSandbox;
  books: QboSandbox;
  shop: ShopifySandbox;
}): FlowWrites {
  // The flows name their documents after the Shopify order (`#1001`, `#1001-R1`); the
  // sandboxes' seeds name theirs otherwise.
  const ours = (name: string | undefined) => name?.startsWith('#') === true;
  const salesOrders = vendors.erp.store
    .list('salesOrders')
    .filter((o) => ours(o.externalDocumentNumber));
  const receipts = [
    ...vendors.books.store.list('SalesReceipt'),
    ...vendors.books.store.list('RefundReceipt'),
  ].filter((r) => ours(r.DocNumber));
  // The flow makes one fulfilment per order and location; a second one, or more units fulfilled
  // than ordered, is a fulfilment written twice.
  const orders = [...vendors.shop.store.orders.values()];
  const fulfilled = orders.flatMap((o) =>
    o.fulfillments
      .filter((f) => f.lines !== undefined)
      .map((f) => `${o.name} at location ${f.locationId ?? '-'}`),
  );
  const overFulfilled = orders.filter((o) =>
    o.lineItems.some(
      (line) =>
        o.fulfillments.reduce(
          (units, f) =>
            units +
            (f.lines
              ? f.lines.filter((l) => l.lineItemId === line.id).reduce((n, l) => n + l.quantity, 0)
              : line.quantity),
          0,
        ) > line.quantity,
    ),
  );
  const found = [
    [
      'BC sales orders per externalDocumentNumber',
      repeats(salesOrders, (o) => o.externalDocumentNumber),
    ],
    ['QuickBooks receipts per DocNumber', repeats(receipts, (r) => r.DocNumber)],
    ['Shopify fulfilments per order and location', repeats(fulfilled, (key) => key)],
    [
      'Shopify orders fulfilled beyond their quantities',
      new Map(overFulfilled.map((o) => [o.name, o.fulfillments.length])),
    ],
  ] as const;
  const problems = found
    .filter(([, twice]) => twice.size > 0)
    .map(([what, twice]) => `${what}: ${[...twice].map(([k, n]) => `${k} ×${n}`).join(', ')}`);
  return {
    writes: salesOrders.length + receipts.length + fulfilled.length,
    duplicates: found.reduce(
      (n, [, twice]) => n + [...twice.values()].reduce((a, b) => a + b - 1, 0),
      0,
    ),
    problems,
  };
}
