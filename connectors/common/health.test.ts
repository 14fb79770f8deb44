import { describe, expect, it } from 'vitest';
import { connectorStatuses } from '../../lib/connector-status';
import { TransientError } from '../../lib/errors';
import { registry } from '../../lib/metrics';
import { HttpApiError } from './answer';
import { ConnectorHealth } from './health';
import { captureLogger, FakeClock } from '../../test/doubles/testkit';

const metric = async (name: string, labels: Record<string, string>) => {
  const found = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  const values = (found as { values?: { labels: Record<string, string>; value: number }[] })
    ?.values;
  return values?.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value;
};

describe('ConnectorHealth', () => {
  it('logs each state change once, whatever the number of failures in it', () => {
    const logger = captureLogger();
    const clock = new FakeClock();
    const health = new ConnectorHealth({ connector: 'h1', logger, clock, failingAfter: 3 });
    health.succeeded();
    for (let i = 0; i < 10; i++) health.failed(new TransientError('down'));
    health.succeeded();
    health.succeeded();
    expect(logger.entries.map((e) => e.msg)).toEqual([
      'connector running',
      'connector backing off after a failed vendor call',
      'connector failing; it keeps retrying with backoff',
      'connector recovered: the vendor answers again',
    ]);
    health.stopped();
  });

  it("reports state, since when it fails, its last success and the vendor's answer", async () => {
    const clock = new FakeClock();
    const health = new ConnectorHealth({ connector: 'h2', logger: captureLogger(), clock });
    health.succeeded();
    const succeededAt = clock.now();
    clock.t += 5_000;
    health.failed(
      new HttpApiError('Vendor answered HTTP 503', {
        code: 'HTTP_503',
        status: 503,
        retriable: true,
        body: { error: 'maintenance' },
      }),
    );
    expect(health.status()).toMatchObject({
      connector: 'h2',
      state: 'backing_off',
      failingSince: new Date(succeededAt + 5_000).toISOString(),
      lastSuccess: new Date(succeededAt).toISOString(),
      lastError: 'Vendor answered HTTP 503 [HTTP_503] answer: {"error":"maintenance"}',
      consecutiveFailures: 1,
    });
    expect(connectorStatuses().map((s) => s.connector)).toContain('h2');
    expect(await metric('plexus_connector_state', { connector: 'h2', state: 'backing_off' })).toBe(
      1,
    );
    expect(await metric('plexus_connector_state', { connector: 'h2', state: 'running' })).toBe(0);
    expect(
      await metric('plexus_connector_last_success_timestamp_seconds', { connector: 'h2' }),
    ).toBe(succeededAt / 1000);
    health.stopped();
    expect(connectorStatuses().map((s) => s.connector)).not.toContain('h2');
  });
});
