// Privacy requests across four systems, end to end: the four vendor sandboxes over real HTTP, the
// real connectors, real Kafka, the projector and its privacy worker into PostgreSQL. The Shopify
// sandbox sends the compliance webhooks as Shopify does (signed, to the ingress); a data request
// must export the person from all four systems, and a redaction must leave nothing personal of
// them in the store or in what the compacted canonical topics keep per key.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DemoSources } from '../../../cli/demo-sources';
import {
  auditTopic,
  canonicalTopic,
  dataRequestTopic,
  examples,
  privacyRequestTopic,
  type AuditEntry,
  type CanonicalEntity,
  type DataRequestDone,
} from '../../../schema/events';
import { createEvent } from '../../../streams/codec';
import { publishEvents } from '../../../streams/publish';
import { describeWithKafkaAndPostgres } from '../../helpers/infra';
import { newKafka, waitFor, waitForMessages } from '../../helpers/kafka';
import { dumpStore } from '../../helpers/dump';
import { startFourSystems } from '../../helpers/four-systems';
import {
  countRows,
  groupIdOf,
  startKafkaProjection,
  waitForCatchUp,
  type KafkaProjection,
} from '../../helpers/projection';

interface IdentityRow {
  id: string;
  source: string;
  source_id: string;
  customer_id: string;
  email: string | null;
  phone: string | null;
}

/** Every message a compacted topic holds, read from offset 0 by a plain kafkajs consumer. */
async function readAll(topic: string): Promise<Array<{ key: string; value: string | null }>> {
  const kafka = newKafka();
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const total = offsets.reduce((n, o) => n + Number(o.high) - Number(o.low), 0);
  if (total === 0) return [];
  const messages = await waitForMessages(topic, { count: total, timeoutMs: 60_000 });
  return messages.map((m) => ({ key: m.key ?? '', value: m.value }));
}

/** The last value of each key, as a compacted topic keeps it. */
function lastPerKey(messages: Array<{ key: string; value: string | null }>) {
  return new Map(messages.map((m) => [m.key, m.value]));
}

describeWithKafkaAndPostgres('privacy requests across four systems', () => {
  let env: KafkaProjection;
  let sources: DemoSources;
  let exportsDir: string;
  let person: IdentityRow[];
  let shopifyId: number;

  const sql = <T>(text: string, params: unknown[] = []) =>
    env.db.orm.em.getConnection().execute<T[]>(text, params);

  beforeAll(async () => {
    exportsDir = await mkdtemp(join(tmpdir(), 'plexus-exports-'));
    env = await startKafkaProjection(undefined, { exportsDir });
    sources = await startFourSystems(env, { seed: 11, loggerName: 'privacy-e2e' });
    // A person all four systems know, with orders.
    const [chosen] = await sql<{ customer_id: string }>(
      `select i.customer_id from customer_identity i
        where exists (select 1 from orders o, customer_identity s
                       where s.customer_id = i.customer_id and s.source = 'shopify'
                         and o.customer_source_id = s.source_id)
        group by i.customer_id having count(distinct i.source) = 4
        order by i.customer_id limit 1`,
    );
    if (!chosen) throw new Error('no person in all four systems');
    person = await sql<IdentityRow>(
      'select id, source, source_id, customer_id, email, phone from customer_identity where customer_id = ?',
      [chosen.customer_id],
    );
    shopifyId = Number(person.find((i) => i.source === 'shopify')?.source_id);
  }, 180_000);

  afterAll(async () => {
    await sources?.stop();
    await env?.close();
    if (exportsDir) await rm(exportsDir, { recursive: true, force: true });
  });

  it('refuses a forged compliance webhook with 401', async () => {
    const body = JSON.stringify({ shop_id: 1, shop_domain: 'x.myshopify.com' });
    for (const hmac of [undefined, 'Zm9yZ2Vk', Buffer.alloc(32).toString('base64')]) {
      const response = await fetch(`${sources.urls.ingress}/webhooks/shopify`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-shopify-topic': 'shop/redact',
          ...(hmac ? { 'x-shopify-hmac-sha256': hmac } : {}),
        },
        body,
      });
      expect(response.status).toBe(401);
    }
  });

  it('exports everything held on the person from all four systems, and announces it', async () => {
    sources.requestCompliance('customers/data_request', shopifyId);
    const [announced] = await waitForMessages(dataRequestTopic(env.namespace), {
      count: 1,
      timeoutMs: 60_000,
    });
    const done = JSON.parse(announced?.value ?? 'null') as DataRequestDone;
    expect(done.customerIds).toEqual([person[0]?.customer_id]);
    for (const system of ['shopify', 'crm', 'erp', 'accounting'] as const) {
      expect(done.records[system], system).toBeGreaterThan(0);
    }
    expect((await stat(done.file)).mode & 0o777).toBe(0o600);
    const content = JSON.parse(await readFile(done.file, 'utf8')) as {
      customers: Array<{ id: string; email: string }>;
      identities: Array<{ source: string; email: string }>;
      shopify: { orders: unknown[] };
      crm: { profiles: unknown[] };
      erp: { customers: unknown[] };
      accounting: { customers: unknown[]; invoices: unknown[] };
    };
    expect(content.customers.map((c) => c.id)).toEqual([person[0]?.customer_id]);
    expect(content.identities.map((i) => i.source).sort()).toEqual([
      'accounting',
      'crm',
      'erp',
      'shopify',
    ]);
    expect(content.shopify.orders.length).toBeGreaterThan(0);
    expect(content.crm.profiles).toHaveLength(1);
    expect(content.erp.customers).toHaveLength(1);
    expect(content.accounting.customers).toHaveLength(1);
    // The announcement and the audit trail carry ids, never the person's contact details.
    const email = person[0]?.email?.trim().toLowerCase() ?? '';
    expect(announced?.value?.toLowerCase()).not.toContain(email);
  }, 120_000);

  it('erases the person from the store and the compacted topics on customers/redact', async () => {
    const emails = [...new Set(person.map((i) => i.email?.trim().toLowerCase() ?? ''))];
    const phones = [...new Set(person.map((i) => i.phone?.replace(/\D/g, '') ?? ''))].filter(
      (p) => p.length >= 7,
    );
    expect(emails[0]).toMatch(/@/);
    const ordersBefore = await sql<{ id: string }>(
      'select id from orders where customer_source_id = ?',
      [String(shopifyId)],
    );
    expect(ordersBefore.length).toBeGreaterThan(0);

    sources.requestCompliance('customers/redact', shopifyId);
    await waitFor(
      async () => (await sql<{ n: number }>('select count(*)::int as n from redaction'))[0]?.n ?? 0,
      { timeoutMs: 60_000 },
    );

    // Nothing personal of theirs is left anywhere in the store.
    const dump = JSON.stringify(await dumpStore(env.db.orm)).toLowerCase();
    for (const email of emails) expect(dump).not.toContain(email);
    // As typed in any system, and as the digits identity resolution matches on.
    for (const phone of phones) expect(dump).not.toContain(`"${phone}"`);
    for (const raw of person.map((i) => i.phone?.trim().toLowerCase()).filter(Boolean)) {
      expect(dump).not.toContain(JSON.stringify(raw));
    }
    const ids = person.map((i) => i.id);
    for (const table of [
      'customer_identity',
      'crm_profile',
      'erp_customer',
      'accounting_customer',
    ]) {
      const left = await sql(
        `select id from ${table} where id in (${ids.map(() => '?').join(',')})`,
        ids,
      );
      expect(left, table).toEqual([]);
    }
    expect(await sql('select id from customer where id = ?', [person[0]?.customer_id])).toEqual([]);
    // The orders stay for the books, without the personal fields.
    const orders = await sql<{ id: string; email: string | null; total_price: string }>(
      'select id, email, total_price from orders where customer_source_id = ?',
      [String(shopifyId)],
    );
    expect(orders.map((o) => o.id).sort()).toEqual(ordersBefore.map((o) => o.id).sort());
    for (const order of orders) expect(order.email).toBeNull();

    // The canonical topics: each erased key's last message is a tombstone, and no key's last
    // message holds the person's email.
    await env.projection.flushOutbox();
    const keyed: Array<[CanonicalEntity, string[]]> = [
      ['customer', [person[0]?.customer_id ?? '']],
      ['crm-profile', person.filter((i) => i.source === 'crm').map((i) => i.id)],
      ['erp-customer', person.filter((i) => i.source === 'erp').map((i) => i.id)],
      ['accounting-customer', person.filter((i) => i.source === 'accounting').map((i) => i.id)],
    ];
    for (const [entity, keys] of keyed) {
      const last = await waitFor(
        async () => {
          const map = lastPerKey(await readAll(canonicalTopic(entity, env.namespace)));
          return keys.every((k) => map.has(k) && map.get(k) === null) ? map : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 1_000 },
      );
      const kept = JSON.stringify([...last.values()]).toLowerCase();
      for (const email of emails) expect(kept, entity).not.toContain(email);
    }
    const orderTopic = lastPerKey(await readAll(canonicalTopic('order', env.namespace)));
    for (const { id } of orders) {
      const value = JSON.parse(orderTopic.get(id) ?? 'null') as { data: { email: unknown } };
      expect(value.data.email).toBeNull();
    }
    const keptOrders = JSON.stringify([...orderTopic.values()]).toLowerCase();
    for (const email of emails) expect(keptOrders).not.toContain(email);

    // The request itself, which carried the email, is tombstoned too.
    const requests = lastPerKey(await readAll(privacyRequestTopic(env.namespace)));
    expect([...requests.values()].every((v) => v === null)).toBe(true);

    // The audit trail: both requests, by id.
    const audit = (await waitForMessages(auditTopic(env.namespace), { count: 2 })).map(
      (m) => JSON.parse(m.value ?? 'null') as AuditEntry,
    );
    expect(audit.map((a) => a.action).sort()).toEqual([
      'privacy.data-request',
      'privacy.redact-customer',
    ]);
    expect(JSON.stringify(audit).toLowerCase()).not.toContain(emails[0]);
  }, 240_000);

  it('does not let a later source event bring the person back', async () => {
    const crm = person.find((i) => i.source === 'crm');
    if (!crm) throw new Error('no CRM identity');
    const at = new Date().toISOString();
    const producer = await env.stream.producer();
    await publishEvents(
      producer,
      [
        createEvent({
          source: 'crm',
          entity: 'contact',
          op: 'upsert',
          sourceId: crm.source_id,
          version: Date.now(),
          occurredAt: at,
          payload: {
            ...examples.crmContact,
            id: crm.source_id,
            email: crm.email,
            phone: crm.phone,
            shopifyCustomerId: String(shopifyId),
            updatedAt: at,
          },
        }),
      ],
      { namespace: env.namespace },
    );
    await producer.disconnect();
    await waitForCatchUp(env.namespace, groupIdOf(env.namespace), { timeoutMs: 60_000 });
    expect(await sql('select id from customer_identity where id = ?', [crm.id])).toEqual([]);
    expect(await countRows(env.db, 'crm_profile')).toBeGreaterThan(0);
    expect(await sql('select id from crm_profile where id = ?', [crm.id])).toEqual([]);
  }, 120_000);
});
