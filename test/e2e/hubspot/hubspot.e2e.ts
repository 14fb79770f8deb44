// The HubSpot path end to end: the sandbox over real HTTP (official @hubspot/api-client pointed at
// it), the connector's webhook route on its own ingress, real Kafka in a fresh topic namespace and
// the projector into a fresh PostgreSQL database. Every check compares the store with the
// sandbox's own data.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../../../lib/logger';
import { sourceTopic } from '../../../schema/events/topics';
import {
  loadHubSpotConfig,
  MemoryCheckpointStore,
  signV3,
  startHubSpotConnector,
  WEBHOOK_PATH,
  type HubSpotConnector,
} from '../../../connectors/hubspot';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../../sandbox/hubspot';
import { describeWithKafkaAndPostgres } from '../../helpers/infra';
import { settleWebhooks } from '../../helpers/settle';
import { topicEndOffsets } from '../../helpers/kafka';
import {
  groupIdOf,
  startKafkaProjection,
  waitForCatchUp,
  type KafkaProjection,
} from '../../helpers/projection';

// Lowered from 190 per 10 s, and search pages made small, so that the poll makes a sustained load
// on it (associations are read in batches of up to 1000, so they alone no longer would).
const LIMIT = { requests: 30, windowSeconds: 2 };
const SEARCH_PAGE = 5;

interface Snapshot {
  contacts: string[];
  companies: string[];
  deals: string[];
}

/**
 * One line per record. Versions are compared only where every change must have arrived: the
 * sandbox stamps an update that re-sets a value without sending a webhook for it. A deal's
 * contacts are compared among live contacts: archiving a contact sends no deal event.
 */
function sandboxSnapshot(sb: HubSpotSandbox, versions: boolean): Snapshot {
  const v = (iso: string) => (versions ? String(Date.parse(iso)) : '');
  const { store } = sb;
  return {
    contacts: store
      .live('contacts')
      .map((c) =>
        [
          c.id,
          c.properties.email ?? '',
          c.properties.lifecyclestage ?? '',
          c.properties.hs_lead_status ?? '',
          store.associated('contacts', c.id, 'companies')[0] ?? '',
          v(c.updatedAt),
        ].join('|'),
      )
      .sort(),
    companies: store
      .live('companies')
      .map((c) => [c.id, c.properties.name ?? '', v(c.updatedAt)].join('|'))
      .sort(),
    deals: store
      .live('deals')
      .map((d) =>
        [
          d.id,
          d.properties.dealstage ?? '',
          store.associated('deals', d.id, 'contacts').join(','),
          v(d.updatedAt),
        ].join('|'),
      )
      .sort(),
  };
}

async function storeSnapshot(
  env: KafkaProjection,
  sb: HubSpotSandbox,
  versions: boolean,
): Promise<Snapshot> {
  const sql = env.db.orm.em.getConnection();
  const v = (version: string) => (versions ? version : '');
  const contacts = await sql.execute<
    Array<{
      id: string;
      email: string | null;
      stage: string | null;
      status: string | null;
      company: string | null;
      version: string;
    }>
  >(
    `select i.source_id as id, i.email, p.lifecycle_stage as stage, p.lead_status as status,
            p.company_source_id as company, p.version::text as version
       from customer_identity i join crm_profile p on p.source_id = i.source_id
      where i.source = 'crm'`,
  );
  const companies = await sql.execute<Array<{ id: string; name: string; version: string }>>(
    'select source_id as id, name, version::text as version from crm_company',
  );
  const deals = await sql.execute<
    Array<{ id: string; stage: string; contacts: string[] | string; version: string }>
  >(
    'select source_id as id, stage, contact_source_ids as contacts, version::text as version from crm_deal',
  );
  const live = (id: string) => sb.store.objects.contacts.get(id)?.archived === false;
  return {
    contacts: contacts
      .map((c) =>
        [c.id, c.email ?? '', c.stage ?? '', c.status ?? '', c.company ?? '', v(c.version)].join(
          '|',
        ),
      )
      .sort(),
    companies: companies.map((c) => [c.id, c.name, v(c.version)].join('|')).sort(),
    deals: deals
      .map((d) => {
        const ids: string[] = typeof d.contacts === 'string' ? JSON.parse(d.contacts) : d.contacts;
        return [d.id, d.stage, ids.filter(live).join(','), v(d.version)].join('|');
      })
      .sort(),
  };
}

async function expectStoreEqualsSandbox(
  env: KafkaProjection,
  sb: HubSpotSandbox,
  versions = true,
): Promise<void> {
  const want = sandboxSnapshot(sb, versions);
  const got = await storeSnapshot(env, sb, versions);
  const counts = (s: Snapshot) => ({
    contacts: s.contacts.length,
    companies: s.companies.length,
    deals: s.deals.length,
  });
  expect(counts(got)).toEqual(counts(want));
  expect(got).toEqual(want);
}

async function contactRow(env: KafkaProjection, id: string): Promise<string | undefined> {
  const rows = await env.db.orm.em.getConnection().execute<Array<{ line: string }>>(
    `select coalesce(lifecycle_stage, '') || '|' || version::text as line
         from crm_profile where source_id = ?`,
    [id],
  );
  return rows[0]?.line;
}

async function messagesOn(topic: string): Promise<bigint> {
  const ends = await topicEndOffsets(topic);
  return [...ends.values()].reduce((sum, n) => sum + n, 0n);
}

describeWithKafkaAndPostgres('HubSpot sandbox → connector → Kafka → projector → PostgreSQL', () => {
  let env: KafkaProjection;
  let sb: HubSpotSandbox;
  let connector: HubSpotConnector;
  let webhookUrl: string;

  async function settle(): Promise<void> {
    await settleWebhooks({
      batchWindowMs: 150, // the sandbox batches for 50 ms
      deliveries: sb.deliveries,
      queue: () => connector.stats().queue,
      namespace: env.namespace,
    });
  }

  beforeAll(async () => {
    env = await startKafkaProjection();
    sb = await startHubSpotSandbox({
      port: 0,
      contacts: 150,
      companies: 30,
      deals: 80,
      rateLimit: { ...LIMIT, daily: 650_000 },
      webhooks: { backoffMs: 50 },
    });
    const config = loadHubSpotConfig({
      HUBSPOT_ACCESS_TOKEN: sb.accessToken,
      HUBSPOT_CLIENT_SECRET: sb.clientSecret,
      HUBSPOT_API_URL: sb.url,
      HUBSPOT_RATE_LIMIT: String(LIMIT.requests),
      HUBSPOT_RATE_WINDOW_MS: String(LIMIT.windowSeconds * 1000),
      INGRESS_PORT: '0',
    });
    connector = await startHubSpotConnector({
      config,
      stream: env.stream,
      namespace: env.namespace,
      logger: createLogger('hubspot-e2e', process.env.LOG_LEVEL ?? 'warn'),
      checkpoints: new MemoryCheckpointStore(),
      poll: { overlapMs: 1_000, window: { pageSize: SEARCH_PAGE } },
    });
    webhookUrl = `${connector.ingress.url}${WEBHOOK_PATH}`;
  });

  afterAll(async () => {
    await connector?.stop();
    await sb?.close();
    await env?.close();
  });

  it('backfills contacts, companies and deals, complete and exact', async () => {
    const result = await connector.backfill();
    expect(result.records).toBe(150 + 30 + 80);
    await waitForCatchUp(env.namespace, groupIdOf(env.namespace), { timeoutMs: 60_000 });
    await expectStoreEqualsSandbox(env, sb);
    expect(connector.stats().client.rateLimited).toBe(0);
  }, 90_000);

  it('applies live traffic delivered as signed, duplicated webhooks', async () => {
    sb.webhooks.subscribeAll(webhookUrl);
    sb.deliveries.set({ duplicateRate: 0.3, maxDelayMs: 200, dropRate: 0 });
    const touched = new Set<string>();
    const unsubscribe = sb.store.onChange((c) => touched.add(`${c.type}:${c.object.id}`));
    const delivered = sb.deliveries.stats.delivered;
    sb.traffic.setRate(8);
    sb.traffic.start();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    sb.traffic.stop();
    unsubscribe();
    await settle();

    expect(touched.size).toBeGreaterThan(10);
    expect(sb.deliveries.stats.delivered).toBeGreaterThan(delivered);
    expect(sb.deliveries.stats.duplicated).toBeGreaterThan(0);
    expect(connector.stats().queue.failed).toBe(0);
    await expectStoreEqualsSandbox(env, sb, false);
  }, 60_000);

  it('rejects a forged webhook with 401 and changes nothing', async () => {
    const contact = sb.store.live('contacts')[0];
    if (!contact) throw new Error('no contact in the sandbox');
    const before = await contactRow(env, contact.id);
    expect(before).toBeDefined();
    const topic = sourceTopic('crm', 'contact', env.namespace);
    const published = await messagesOn(topic);
    const enqueued = connector.stats().queue.enqueued;
    const body = JSON.stringify([
      {
        eventId: 424242,
        subscriptionId: 1,
        portalId: sb.portalId,
        appId: 1,
        occurredAt: Date.now(),
        subscriptionType: 'contact.deletion',
        attemptNumber: 0,
        objectId: Number(contact.id),
        changeSource: 'CRM_UI',
        changeFlag: 'DELETED',
      },
    ]);
    const timestamp = String(Date.now());
    const forged = await fetch(webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'X-HubSpot-Signature-v3': signV3('not-the-secret', 'POST', webhookUrl, body, timestamp),
        'X-HubSpot-Request-Timestamp': timestamp,
      },
      body,
    });
    expect(forged.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await waitForCatchUp(env.namespace, groupIdOf(env.namespace));
    expect(connector.stats().queue.enqueued).toBe(enqueued);
    expect(await messagesOn(topic)).toBe(published);
    expect(await contactRow(env, contact.id)).toBe(before);
  });

  it('keeps a sustained poll under the rate limit and loses nothing', async () => {
    sb.deliveries.set({ duplicateRate: 0, maxDelayMs: 0, dropRate: 1 });
    sb.traffic.step(120);
    await settle();
    const before = { ...connector.stats().client };
    const started = Date.now();
    const result = await connector.reconcile();
    const seconds = (Date.now() - started) / 1000;
    const after = connector.stats().client;
    const requests = after.requests - before.requests;
    console.warn(
      `[hubspot e2e] poll: ${requests} requests in ${seconds.toFixed(1)} s ` +
        `(${(requests / seconds).toFixed(1)}/s, limit ${LIMIT.requests / LIMIT.windowSeconds}/s), ` +
        `${after.rateLimited} responses 429 in total, ${after.searches} searches`,
    );
    expect(result.failed).toEqual([]);
    expect(requests).toBeGreaterThan(LIMIT.requests); // more than one window's worth
    // The vendor's own count decides: its bucket refused nothing. A rate averaged over the client's
    // wall clock says nothing (a window's worth may go at once), and varies with the machine.
    expect(after.rateLimited).toBe(0);
    await waitForCatchUp(env.namespace, groupIdOf(env.namespace));
    await expectStoreEqualsSandbox(env, sb);
  }, 60_000);

  it('repairs a missed notification (and a missed delete) with the next search poll', async () => {
    sb.deliveries.set({ dropRate: 1 });
    const dropped = sb.deliveries.stats.dropped;
    const [moved, gone] = sb.store.live('contacts');
    if (!moved || !gone) throw new Error('no contacts to change');
    const before = await contactRow(env, moved.id);
    const stage = moved.properties.lifecyclestage === 'customer' ? 'lead' : 'customer';
    sb.store.update('contacts', moved.id, { lifecyclestage: stage });
    sb.store.archive('contacts', gone.id);
    await settle();
    expect(sb.deliveries.stats.dropped).toBeGreaterThan(dropped);
    expect(await contactRow(env, moved.id)).toBe(before);
    expect(await contactRow(env, gone.id)).toBeDefined();

    const result = await connector.reconcile();
    expect(result.failed).toEqual([]);
    expect(result.records).toBeGreaterThan(0);
    expect(result.deletes).toBeGreaterThan(0);
    await waitForCatchUp(env.namespace, groupIdOf(env.namespace));
    expect(await contactRow(env, moved.id)).toBe(`${stage}|${Date.parse(moved.updatedAt)}`);
    expect(await contactRow(env, gone.id)).toBeUndefined();
    await expectStoreEqualsSandbox(env, sb);
  });
});
