// One person in all four systems, each holding an email that differs only in case or whitespace:
// the four vendor sandboxes over real HTTP, the four real connectors (the wiring `plexus demo`
// runs), real Kafka, the projector into PostgreSQL, and the federated graph on top. The person
// must be one canonical customer with four identities.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DemoSources } from '../../../cli/demo-sources';
import type { RunningGateway } from '../../../gateway/server';
import { normaliseEmail } from '../../../store/ids';
import { query, startGraph, type GraphResponse } from '../graph/harness';
import { describeWithKafkaAndPostgres } from '../../helpers/infra';
import { waitFor } from '../../helpers/kafka';
import { startFourSystems } from '../../helpers/four-systems';
import { startKafkaProjection, type KafkaProjection } from '../../helpers/projection';

const SOURCES = ['ACCOUNTING', 'CRM', 'ERP', 'SHOPIFY'];

interface Identity {
  source: string;
  sourceId: string;
  email: string | null;
}

interface Customer {
  id: string;
  email: string | null;
  identities: Identity[];
}

const CUSTOMERS = `query ($email: String, $after: String) {
  customers(first: 100, email: $email, after: $after) {
    totalCount
    nodes { id email identities { source sourceId email } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface Page {
  customers: {
    totalCount: number;
    nodes: Customer[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

async function allCustomers(url: string): Promise<Customer[]> {
  const out: Customer[] = [];
  let after: string | null = null;
  for (;;) {
    const { data, errors }: GraphResponse<Page> = await query<Page>(url, CUSTOMERS, { after });
    if (!data || errors?.length) throw new Error(JSON.stringify(errors));
    out.push(...data.customers.nodes);
    if (!data.customers.pageInfo.hasNextPage) return out;
    after = data.customers.pageInfo.endCursor;
  }
}

describeWithKafkaAndPostgres(
  'one person in four systems → one customer with four identities',
  () => {
    let env: KafkaProjection;
    let sources: DemoSources;
    let graph: RunningGateway;

    beforeAll(async () => {
      env = await startKafkaProjection();
      sources = await startFourSystems(env, { seed: 7, loggerName: 'identity-e2e' });
      graph = await startGraph(env.db);
    }, 150_000);

    afterAll(async () => {
      await graph?.stop();
      await sources?.stop();
      await env?.close();
    });

    it('finds people known to all four systems, each one customer with four identities', async () => {
      const customers = await allCustomers(graph.url);
      const full = customers.filter((c) =>
        SOURCES.every((s) => c.identities.some((i) => i.source === s)),
      );
      expect(full.length).toBeGreaterThan(10);
      for (const customer of full) {
        expect(customer.identities.map((i) => i.source).sort()).toEqual(SOURCES);
        // The emails as each system holds them differ...
        const emails = customer.identities.map((i) => i.email ?? '');
        expect(new Set(emails).size).toBe(4);
        // ...only in case and whitespace.
        expect(new Set(emails.map(normaliseEmail)).size).toBe(1);
      }
      // Nobody is two customers: each normalised email names exactly one.
      const byEmail = new Map<string, number>();
      for (const c of customers) {
        const key = normaliseEmail(c.email);
        if (key) byEmail.set(key, (byEmail.get(key) ?? 0) + 1);
      }
      expect([...byEmail.values()].filter((n) => n > 1)).toEqual([]);
    });

    it('answers an email lookup in any system’s spelling with the same customer', async () => {
      const customers = await allCustomers(graph.url);
      const person = customers.find((c) => c.identities.length === 4);
      if (!person) throw new Error('no customer with four identities');
      for (const identity of person.identities) {
        const found = await waitFor(async () => {
          const { data } = await query<Page>(graph.url, CUSTOMERS, { email: identity.email });
          return data?.customers.nodes;
        });
        expect(found.map((c) => c.id)).toEqual([person.id]);
      }
    });
  },
);
