// Flow 5 end to end: the Shopify and HubSpot sandboxes over real HTTP with their connectors
// (backfill, then webhooks), one set of people in both, real Kafka, the projector into a fresh
// PostgreSQL database, and the profile-to-crm flow writing to the HubSpot sandbox. Checks are on
// the HubSpot sandbox's own contacts against facts computed from the Shopify sandbox's own
// orders, and on the writes it counted: the echo of a write makes none, and a refund makes one.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHubSpotClient } from '../../../connectors/hubspot/client';
import {
  MemoryCheckpointStore as HubCheckpoints,
  startHubSpotConnector,
  WEBHOOK_PATH as HUBSPOT_PATH,
  type HubSpotConnector,
} from '../../../connectors/hubspot';
import { startFlows, type RunningFlows } from '../../../flows';
import { FACT_PROPERTY_NAMES } from '../../../flows/profile-to-crm/facts';
import { createProfileToCrmFlow } from '../../../flows/profile-to-crm/flow';
import { flowSettings } from '../../../flows/settings';
import { loadConfig } from '../../../lib/config';
import { createLogger } from '../../../lib/logger';
import { sumMoney } from '../../../lib/money';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../../sandbox/hubspot';
import type { ShopifySandbox } from '../../../sandbox/shopify';
import { sandboxConfig } from '../../doubles/hubspot';
import { startFlowScenario, type FlowScenario } from '../../helpers/flow-scenario';
import { describeWithKafkaAndPostgres } from '../../helpers/infra';
import { waitFor } from '../../helpers/kafka';
import { groupIdOf, waitForCatchUp, type KafkaProjection } from '../../helpers/projection';

const logger = createLogger('crm-e2e', process.env.LOG_LEVEL ?? 'warn');
const norm = (email: string | null | undefined) => (email ?? '').trim().toLowerCase();

describeWithKafkaAndPostgres('profile → HubSpot contact properties', () => {
  let scenario: FlowScenario;
  let env: KafkaProjection;
  let shop: ShopifySandbox;
  let hub: HubSpotSandbox;
  let hubConnector: HubSpotConnector;
  let flows: RunningFlows | undefined;
  const consent = () =>
    hub.store
      .live('contacts')
      .map((c) => [
        c.id,
        c.properties.hs_legal_basis ?? null,
        c.properties.hs_email_optout ?? null,
      ]);
  let consentBefore: ReturnType<typeof consent>;

  /** The facts as the Shopify sandbox's own orders give them, by normalised email. */
  function expected(): Map<string, { ltv: string; count: number }> {
    const out = new Map<string, { ltv: string; count: number }>();
    for (const customer of shop.store.customers.values()) {
      const orders = [...shop.store.orders.values()].filter(
        (o) => o.customerId === customer.id && !o.cancelledAt,
      );
      out.set(norm(customer.email), {
        ltv: sumMoney(orders.flatMap((o) => [o.total, ...o.refunds.map((r) => `-${r.amount}`)])),
        count: orders.length,
      });
    }
    return out;
  }

  function matches(): boolean {
    const want = expected();
    const contacts = hub.store.live('contacts').filter((c) => want.has(norm(c.properties.email)));
    return (
      contacts.length > 0 &&
      contacts.every((c) => {
        const w = want.get(norm(c.properties.email));
        return (
          w !== undefined &&
          Number(c.properties.plexus_lifetime_value) === Number(w.ltv) &&
          c.properties.plexus_order_count === String(w.count) &&
          c.properties.plexus_currency === 'USD'
        );
      })
    );
  }

  beforeAll(async () => {
    scenario = await startFlowScenario({
      logger,
      backfill: 'paged',
      shop: { orders: 80, customers: 25, products: 10, seed: 31 },
    });
    ({ env, shop } = scenario);
    const people = [...shop.store.customers.values()].slice(0, 15).map((c) => ({
      email: ` ${String(c.email).toUpperCase()}`,
      firstName: c.firstName ?? 'A',
      lastName: c.lastName ?? 'B',
    }));
    hub = await startHubSpotSandbox({
      port: 0,
      contacts: 5,
      companies: 1,
      deals: 1,
      people,
      seed: 31,
      webhooks: { backoffMs: 50 },
    });
    hubConnector = await startHubSpotConnector({
      config: sandboxConfig(hub),
      stream: env.stream,
      namespace: env.namespace,
      logger,
      checkpoints: new HubCheckpoints(),
    });
    await hubConnector.backfill();
    hub.webhooks.subscribeAll(`${hubConnector.ingress.url}${HUBSPOT_PATH}`);
    // Our properties' changes come back as webhooks too: the echo the flow must ignore.
    for (const propertyName of FACT_PROPERTY_NAMES) {
      hub.webhooks.subscribe({
        subscriptionType: 'contact.propertyChange',
        propertyName,
        targetUrl: `${hubConnector.ingress.url}${HUBSPOT_PATH}`,
      });
    }
    await waitForCatchUp(env.namespace, groupIdOf(env.namespace), { timeoutMs: 90_000 });
    consentBefore = consent();
    flows = await startFlows({
      stream: env.stream,
      orm: env.db.orm,
      namespace: env.namespace,
      logger,
      clients: {},
      settings: flowSettings(loadConfig({})),
      flows: [
        createProfileToCrmFlow({
          crm: createHubSpotClient({ config: sandboxConfig(hub), logger, backoffMs: 50 }),
          shopCurrency: 'USD',
        }),
      ],
    });
  }, 150_000);

  afterAll(async () => {
    await flows?.stop();
    await hubConnector?.stop();
    await hub?.close();
    await scenario?.close();
  });

  it('writes each contact the facts of its person, creating the properties once', async () => {
    await waitFor(matches, { timeoutMs: 120_000, intervalMs: 500 });
    expect(hub.stats.propertiesCreated).toBe(FACT_PROPERTY_NAMES.length);
    // Consent is never set: no contact's legal basis or opt-out changed.
    expect(consent()).toEqual(consentBefore);
    // The shop's people have their orders; contacts the shop does not know have none.
    for (const c of hub.store.live('contacts')) {
      if (!expected().has(norm(c.properties.email)) && c.properties.plexus_order_count) {
        expect(c.properties.plexus_order_count).toBe('0');
      }
    }
  }, 150_000);

  it('makes no write for its own echo, and one for a new refund', async () => {
    // Let the echo (webhooks → connector → projector → flow) run its course.
    await waitForCatchUp(env.namespace, groupIdOf(env.namespace), { timeoutMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const settled = hub.stats.upsertedInputs;
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect(hub.stats.upsertedInputs).toBe(settled);

    const order = [...shop.store.orders.values()].find(
      (o) =>
        o.financialStatus === 'PAID' &&
        !o.cancelledAt &&
        hub.store.live('contacts').some((c) => norm(c.properties.email) === norm(o.email)),
    );
    if (!order) throw new Error('no paid order of a contact');
    shop.store.addRefund(order, '1.00', 'e2e refund');
    await waitFor(matches, { timeoutMs: 60_000, intervalMs: 500 });
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    expect(hub.stats.upsertedInputs - settled).toBe(1);
  }, 150_000);
});
