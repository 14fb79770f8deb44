import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../sandbox/hubspot';
import { quietLogger } from '../../test/doubles/testkit';
import { createHubSpotClient, type HubSpotClient } from './client';
import { objectSpecs, type ObjectSpec } from './objects';
import { changedBetween, SEARCH_RESULT_CAP, type WindowStats } from './search-window';

// Against the sandbox's real search (its 10,000 cap answers 400 past it), with the limits
// raised so that sixty searches take a second rather than a minute.
const COMPANIES = 10_600;
const SAME_INSTANT = 450;

describe('search windows (against the sandbox, 10,000-result cap)', () => {
  let sb: HubSpotSandbox;
  let client: HubSpotClient;
  const companies = objectSpecs().find((s) => s.type === 'companies') as ObjectSpec;
  const now = Date.parse('2025-06-01T00:00:00Z');

  beforeAll(async () => {
    sb = await startHubSpotSandbox({
      port: 0,
      contacts: 0,
      deals: 0,
      companies: COMPANIES,
      now,
      historyDays: 30,
      rateLimit: { requests: 100_000, windowSeconds: 10, daily: 10_000_000 },
      searchRequestsPerSecond: 1_000,
    });
    // More than a page modified in the same millisecond (an import does this).
    for (let i = 0; i < SAME_INSTANT; i++) {
      sb.store.load('companies', { name: `Import ${i}` }, now - 86_400_000);
    }
    client = createHubSpotClient({
      config: {
        accessToken: sb.accessToken,
        clientSecret: sb.clientSecret,
        apiUrl: sb.url,
        rateLimit: { requests: 100_000, windowMs: 10_000 },
        searchPerSecond: 1_000,
        defaultCurrency: 'USD',
        ingressPort: 0,
        host: '127.0.0.1',
      },
      logger: quietLogger(),
    });
  }, 30_000);

  afterAll(async () => {
    await sb?.close();
  });

  async function collect(from: number, to: number, stats: WindowStats) {
    const ids: string[] = [];
    let previous = -Infinity;
    let ordered = true;
    for await (const page of changedBetween(client, companies, from, to, { stats })) {
      for (const o of page) {
        const at = Date.parse(o.properties.hs_lastmodifieddate ?? '');
        if (at < previous) ordered = false;
        previous = at;
        ids.push(o.id);
      }
    }
    return { ids, ordered };
  }

  it('reads every one of more than 10,000 changes in a window, once, by bisecting it', async () => {
    const live = sb.store.live('companies');
    expect(live.length).toBe(COMPANIES + SAME_INSTANT);
    expect(live.length).toBeGreaterThan(SEARCH_RESULT_CAP);
    const stats: WindowStats = { searches: 0, bisections: 0 };
    const { ids, ordered } = await collect(now - 31 * 86_400_000, now, stats);

    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(live.map((o) => o.id).sort());
    expect(ordered).toBe(true);
    expect(stats.bisections).toBeGreaterThan(0);
    expect(client.stats.rateLimited).toBe(0);
  }, 60_000);

  it('reads only the window asked for, without bisecting a small one', async () => {
    const from = now - 3 * 86_400_000;
    const to = now - 86_400_000 + 1;
    const want = sb.store
      .live('companies')
      .filter((o) => {
        const at = Date.parse(o.properties.hs_lastmodifieddate ?? '');
        return at > from && at <= to;
      })
      .map((o) => o.id)
      .sort();
    const stats: WindowStats = { searches: 0, bisections: 0 };
    const { ids } = await collect(from, to, stats);
    expect(want.length).toBeGreaterThan(SAME_INSTANT);
    expect(ids.sort()).toEqual(want);
    expect(stats.bisections).toBe(0);
  }, 30_000);
});
