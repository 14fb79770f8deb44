import { afterEach, describe, expect, it } from 'vitest';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../sandbox/hubspot';
import type { HubSpotSandboxConfig } from '../../sandbox/hubspot';
import { MemoryCheckpointStore } from '../common/checkpoint';
import { captureStream, quietLogger } from '../../test/doubles/testkit';
import { signV3, startHubSpotConnector, WEBHOOK_PATH } from './index';
import type { HubSpotConfig } from './config';
import { sandboxConfig } from '../../test/doubles/hubspot';

// The connector against the sandbox over HTTP, publishing into a capturing producer.
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

interface Captured {
  topic: string;
  op: string;
  sourceId: string;
  version: number;
  payload: Record<string, unknown> | null;
}

async function setup(
  sandbox: HubSpotSandboxConfig = {},
  config: Partial<HubSpotConfig> = {},
  checkpoints = new MemoryCheckpointStore(),
) {
  const sb = await startHubSpotSandbox({
    port: 0,
    contacts: 60,
    companies: 10,
    deals: 20,
    webhooks: { backoffMs: 20 },
    ...sandbox,
  });
  cleanup.push(sb.close);
  const stream = captureStream();
  const start = async (cp = checkpoints) => {
    const connector = await startHubSpotConnector({
      config: sandboxConfig(sb, config),
      stream,
      namespace: 'test',
      logger: quietLogger(),
      checkpoints: cp,
      poll: { overlapMs: 0 },
    });
    cleanup.push(connector.stop);
    return connector;
  };
  const events = () => stream.captured.events() as unknown as Captured[];
  return { sb, stream, events, connector: await start(), start };
}

/** The newest event per record, as the projector's version gate would keep it. */
function latest(events: Captured[]): Map<string, Captured> {
  const out = new Map<string, Captured>();
  for (const e of events) {
    const key = `${e.topic}|${e.sourceId}`;
    const seen = out.get(key);
    if (!seen || e.version > seen.version) out.set(key, e);
  }
  return out;
}

/** What the sandbox holds, in the connector's terms. */
function expected(sb: HubSpotSandbox, versions = true): Map<string, string> {
  const v = (iso: string) => (versions ? Date.parse(iso) : 0);
  const lines = new Map<string, string>();
  for (const c of sb.store.live('contacts')) {
    const company = sb.store.associated('contacts', c.id, 'companies')[0] ?? null;
    lines.set(
      `test.crm.contact.v1|${c.id}`,
      JSON.stringify([
        c.properties.email,
        c.properties.lifecyclestage,
        c.properties.hs_lead_status,
        company,
        v(c.updatedAt),
      ]),
    );
  }
  for (const c of sb.store.live('companies')) {
    lines.set(`test.crm.company.v1|${c.id}`, JSON.stringify([c.properties.name, v(c.updatedAt)]));
  }
  for (const d of sb.store.live('deals')) {
    lines.set(
      `test.crm.deal.v1|${d.id}`,
      JSON.stringify([
        d.properties.dealstage,
        sb.store.associated('deals', d.id, 'contacts'),
        v(d.updatedAt),
      ]),
    );
  }
  return lines;
}

/** A deal's contacts among live ones: archiving a contact sends no deal event. */
function published(events: Captured[], versions = true, sb?: HubSpotSandbox): Map<string, string> {
  const live = (id: unknown) =>
    !sb || sb.store.objects.contacts.get(String(id))?.archived === false;
  const lines = new Map<string, string>();
  for (const [key, e] of latest(events)) {
    const p = e.payload;
    const version = versions ? e.version : 0;
    if (!p) continue;
    if (e.topic === 'test.crm.contact.v1') {
      lines.set(
        key,
        JSON.stringify([p.email, p.lifecycleStage, p.leadStatus, p.companyId, version]),
      );
    } else if (e.topic === 'test.crm.company.v1') {
      lines.set(key, JSON.stringify([p.name, version]));
    } else {
      lines.set(key, JSON.stringify([p.stage, (p.contactIds as unknown[]).filter(live), version]));
    }
  }
  return lines;
}

async function settle(
  sb: HubSpotSandbox,
  connector: {
    stats(): { queue: { depth: number; enqueued: number; processed: number; failed: number } };
  },
) {
  await new Promise((resolve) => setTimeout(resolve, 120)); // the sandbox gathers events for 50 ms
  await sb.deliveries.idle();
  for (let i = 0; i < 200; i++) {
    const q = connector.stats().queue;
    if (q.depth === 0 && q.processed + q.failed >= q.enqueued) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the webhook queue did not drain');
}

describe('HubSpot connector (against the sandbox)', () => {
  it('backfills contacts, companies and deals with their associations, exactly', async () => {
    const { sb, connector, events } = await setup();
    const result = await connector.backfill();
    expect(result.records).toBe(60 + 10 + 20);
    expect(new Map([...published(events())].sort())).toEqual(new Map([...expected(sb)].sort()));
    const deal = events().find((e) => e.topic === 'test.crm.deal.v1');
    expect(deal?.payload).toMatchObject({ currency: 'USD', pipeline: 'default' });
    expect(connector.stats().client.rateLimited).toBe(0);
  });

  it('resumes a backfill from its checkpoint instead of starting over', async () => {
    const checkpoints = new MemoryCheckpointStore();
    let sets = 0;
    const failing = {
      get: (k: string) => checkpoints.get(k),
      set: async (k: string, v: string) => {
        if (k === 'backfill:contacts' && ++sets === 2) throw new Error('disk full');
        await checkpoints.set(k, v);
      },
    };
    const { start, events } = await setup({ contacts: 250 });
    const first = await start(failing as MemoryCheckpointStore);
    await expect(first.backfill()).rejects.toThrow('disk full');
    const contactsFirst = events().filter((e) => e.topic === 'test.crm.contact.v1').length;
    expect(contactsFirst).toBe(200); // two pages published, the second not checkpointed

    const second = await start(checkpoints);
    const result = await second.backfill();
    // Page two again (its checkpoint was lost), then page three; pages one is not re-read.
    expect(result.records).toBe(150 + 10 + 20);
    const ids = new Set(
      events()
        .filter((e) => e.topic === 'test.crm.contact.v1')
        .map((e) => e.sourceId),
    );
    expect(ids.size).toBe(250);
  });

  it('turns signed webhooks into re-read upserts and deletes, once per event', async () => {
    const { sb, connector, events } = await setup();
    await connector.backfill();
    sb.webhooks.subscribeAll(`${connector.ingress.url}${WEBHOOK_PATH}`);
    sb.deliveries.set({ duplicateRate: 1 });
    const before = events().length;
    sb.traffic.step(40);
    const gone = sb.store.live('contacts')[0];
    if (!gone) throw new Error('no contact');
    sb.store.archive('contacts', gone.id);
    await settle(sb, connector);

    expect(sb.deliveries.stats.duplicated).toBeGreaterThan(0);
    expect(events().length).toBeGreaterThan(before);
    // Content, not versions: the sandbox stamps an update that sets a value it already had, and
    // sends no event for it (nothing changed), so such a record keeps its older version here.
    expect(new Map([...published(events(), false, sb)].sort())).toEqual(
      new Map([...expected(sb, false)].sort()),
    );
    const deletes = events().filter((e) => e.op === 'delete');
    expect(deletes.map((e) => e.sourceId)).toContain(gone.id);
    expect(deletes.find((e) => e.sourceId === gone.id)?.version).toBe(
      Date.parse(gone.archivedAt ?? ''),
    );
    // Duplicated deliveries were enqueued once.
    const q = connector.stats().queue;
    expect(q.enqueued).toBeLessThan(sb.deliveries.stats.delivered);
    expect(q.failed).toBe(0);
    // Re-reads take their associations in batches: at most one request per delivery for each of
    // the two types whose payload names associations (contacts, deals), none per object.
    expect(sb.stats.associationReads).toBe(0);
    expect(sb.stats.associationBatchReads).toBeGreaterThan(0);
    expect(sb.stats.associationBatchReads).toBeLessThanOrEqual(2 * q.processed);
  });

  it('rejects forged and stale webhooks with 401 and enqueues nothing', async () => {
    const { sb, connector } = await setup();
    const url = `${connector.ingress.url}${WEBHOOK_PATH}`;
    const body = JSON.stringify([
      {
        eventId: 1,
        subscriptionId: 1,
        portalId: sb.portalId,
        occurredAt: Date.now(),
        subscriptionType: 'contact.deletion',
        attemptNumber: 0,
        objectId: 194,
        changeSource: 'CRM_UI',
      },
    ]);
    const post = (secret: string, timestamp: number) =>
      fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'X-HubSpot-Signature-v3': signV3(secret, 'POST', url, body, String(timestamp)),
          'X-HubSpot-Request-Timestamp': String(timestamp),
        },
        body,
      });
    expect((await post('not-the-secret', Date.now())).status).toBe(401);
    expect((await post(sb.clientSecret, Date.now() - 6 * 60_000)).status).toBe(401);
    expect(connector.stats().queue.enqueued).toBe(0);
    expect((await post(sb.clientSecret, Date.now())).status).toBe(200);
    expect(connector.stats().queue.enqueued).toBe(1);
  });

  it('repairs dropped webhooks with the search poll, deletes included', async () => {
    const { sb, connector, events } = await setup();
    await connector.backfill();
    await connector.reconcile(); // first pass: watermarks exist already, nothing new
    sb.webhooks.subscribeAll(`${connector.ingress.url}${WEBHOOK_PATH}`);
    sb.deliveries.set({ dropRate: 1 });
    sb.traffic.step(30);
    const gone = sb.store.live('deals')[0];
    if (!gone) throw new Error('no deal');
    sb.store.archive('deals', gone.id);
    await settle(sb, connector);
    expect(connector.stats().queue.enqueued).toBe(0);
    expect(published(events())).not.toEqual(expected(sb));

    const result = await connector.reconcile();
    expect(result.failed).toEqual([]);
    expect(result.deletes).toBeGreaterThanOrEqual(1);
    expect(new Map([...published(events(), true, sb)].sort())).toEqual(
      new Map([...expected(sb)].sort()),
    );
    expect(events().some((e) => e.op === 'delete' && e.sourceId === gone.id)).toBe(true);
    expect(sb.stats.associationReads).toBe(0);
    expect(sb.stats.associationBatchReads).toBeGreaterThan(0);
  });

  it('waits out 429s (HubSpot body, Retry-After) and loses nothing', async () => {
    // The connector believes in 100 per second; the sandbox allows 10.
    const { sb, connector, events } = await setup(
      { contacts: 400, rateLimit: { requests: 2, windowSeconds: 1, daily: 100_000 } },
      { rateLimit: { requests: 100, windowMs: 1_000 } },
    );
    await connector.backfill();
    expect(connector.stats().client.rateLimited).toBeGreaterThan(0);
    expect(new Map([...published(events())].sort())).toEqual(new Map([...expected(sb)].sort()));
  }, 30_000);

  it('stays under the limit when its budget is the sandbox\u2019s', async () => {
    const { sb, connector, events } = await setup(
      { contacts: 400, rateLimit: { requests: 2, windowSeconds: 1, daily: 100_000 } },
      { rateLimit: { requests: 2, windowMs: 1_000 } },
    );
    await connector.backfill();
    expect(connector.stats().client.requests).toBeGreaterThan(4);
    expect(connector.stats().client.rateLimited).toBe(0);
    expect(published(events()).size).toBe(expected(sb).size);
  }, 30_000);
});
