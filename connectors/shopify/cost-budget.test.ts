import { describe, expect, it } from 'vitest';
import { CostBudget } from './cost-budget';
import { FakeClock } from '../../test/doubles/testkit';

/** Shopify's bucket as the server keeps it: refills continuously, refunds unused cost. */
class ServerBucket {
  level: number;
  throttled = 0;
  spent = 0;
  private at: number;
  constructor(
    private readonly clock: FakeClock,
    readonly max = 2000,
    readonly rate = 100,
  ) {
    this.level = max;
    this.at = clock.now();
  }
  private refill() {
    const t = this.clock.now();
    this.level = Math.min(this.max, this.level + ((t - this.at) * this.rate) / 1000);
    this.at = t;
  }
  query(requested: number, actual: number) {
    this.refill();
    const ok = this.level >= requested;
    if (ok) {
      this.level -= actual;
      this.spent += actual;
    } else this.throttled += 1;
    const throttleStatus = {
      maximumAvailable: this.max,
      currentlyAvailable: this.level,
      restoreRate: this.rate,
    };
    return { ok, requestedQueryCost: requested, throttleStatus };
  }
}

async function sustained(requested: number, actual: number, seconds: number, latencyMs = 40) {
  const clock = new FakeClock();
  const server = new ServerBucket(clock);
  const budget = new CostBudget(clock);
  const start = clock.now();
  while (clock.now() - start < seconds * 1000) {
    const release = await budget.acquire(budget.estimate('Q'));
    await clock.sleep(latencyMs / 2);
    const r = server.query(requested, actual);
    await clock.sleep(latencyMs / 2);
    release();
    budget.observe('Q', r.requestedQueryCost, r.throttleStatus);
  }
  const elapsed = (clock.now() - start) / 1000;
  // What the bucket held at the start is a one-off gift, not throughput: take it out.
  const sustainedRate = (server.spent - (server.max - server.level)) / elapsed;
  return { throttled: server.throttled, use: sustainedRate / server.rate };
}

describe('CostBudget', () => {
  it('waits exactly until the modelled bucket holds the cost', async () => {
    const clock = new FakeClock();
    const budget = new CostBudget(clock, 0);
    budget.observe('Q', 500, { maximumAvailable: 2000, currentlyAvailable: 200, restoreRate: 100 });
    const release = await budget.acquire(500);
    expect(clock.sleeps).toEqual([3000]);
    release();
    expect(budget.available()).toBe(0);
  });

  it('does not wait before it knows the bucket, nor when the bucket holds enough', async () => {
    const clock = new FakeClock();
    const budget = new CostBudget(clock);
    (await budget.acquire(900))();
    budget.observe('Q', 900, { maximumAvailable: 1000, currentlyAvailable: 1000, restoreRate: 50 });
    (await budget.acquire(900))();
    expect(clock.sleeps).toEqual([]);
  });

  it('reserves the cost of requests in flight', async () => {
    const clock = new FakeClock();
    const budget = new CostBudget(clock, 0);
    budget.observe('Q', 600, {
      maximumAvailable: 1000,
      currentlyAvailable: 1000,
      restoreRate: 100,
    });
    await budget.acquire(600);
    await budget.acquire(600);
    expect(clock.sleeps).toEqual([2000]);
  });

  it('caps a cost above the bucket size at the bucket size', async () => {
    const clock = new FakeClock();
    const budget = new CostBudget(clock, 0);
    budget.observe('Q', 3000, { maximumAvailable: 1000, currentlyAvailable: 0, restoreRate: 100 });
    await budget.acquire(3000);
    expect(clock.sleeps).toEqual([10_000]);
  });

  it('sustained paging: zero THROTTLED and ≥ 90% of the restore rate (cost refunded)', async () => {
    const result = await sustained(600, 150, 600);
    expect(result.throttled).toBe(0);
    expect(result.use).toBeGreaterThanOrEqual(0.9);
  });

  it('sustained paging at full requested cost: zero THROTTLED and ≥ 90%', async () => {
    const result = await sustained(300, 300, 600);
    expect(result.throttled).toBe(0);
    expect(result.use).toBeGreaterThanOrEqual(0.9);
  });
});

describe('CostBudget estimates', () => {
  it('assumes a document it has not sent yet costs the most a query may', () => {
    const budget = new CostBudget(new FakeClock());
    expect(budget.estimate('query Unseen { shop { id } }')).toBe(1000);
  });
});
