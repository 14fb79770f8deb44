import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectorHealth } from '../connectors/common/health';
import { quietLogger } from '../test/doubles/testkit';
import { TransientError } from '../lib/errors';
import { registerHealth } from './health';

// The gateway's readiness with connectors in the same process (`plexus start`).
const healths: ConnectorHealth[] = [];
afterEach(() => {
  for (const health of healths.splice(0)) health.stopped();
});

async function gateway() {
  const app = Fastify({ logger: false });
  registerHealth(app, { isLoaded: () => true, targets: {}, probeTimeoutMs: 100 });
  await app.ready();
  return app;
}

const connector = (name: string) => {
  const health = new ConnectorHealth({ connector: name, logger: quietLogger(), failingAfter: 2 });
  healths.push(health);
  return health;
};

describe('gateway /ready with connectors', () => {
  it('is ready while every connector runs, and lists them', async () => {
    connector('shopify').succeeded();
    const app = await gateway();
    const answer = await app.inject({ url: '/ready?connectors=all' });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({
      status: 'ready',
      connectors: [{ connector: 'shopify', state: 'running' }],
    });
  });

  it('is degraded while one fails, and not ready to a strict probe', async () => {
    connector('shopify').succeeded();
    const erp = connector('erp');
    erp.failed(new TransientError('Business Central unreachable'));
    erp.failed(new TransientError('Business Central unreachable'));
    const app = await gateway();
    const answer = await app.inject({ url: '/ready' });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({
      status: 'degraded',
      connectors: expect.arrayContaining([
        expect.objectContaining({ connector: 'erp', state: 'failing' }),
        expect.objectContaining({ connector: 'shopify', state: 'running' }),
      ]),
    });
    expect((await app.inject({ url: '/ready?connectors=all' })).statusCode).toBe(503);
  });
});
