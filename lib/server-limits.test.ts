import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { defaultServerLimits, fastifyLimits } from './server-limits';

describe('fastifyLimits', () => {
  it('gives the HTTP server every deadline, where fastify leaves the request one at 0', async () => {
    const bare = Fastify();
    expect(bare.server.requestTimeout).toBe(0);
    const app = Fastify(fastifyLimits({ headersTimeoutMs: 2_000 }));
    expect(app.server.requestTimeout).toBe(defaultServerLimits.requestTimeoutMs);
    expect(app.server.headersTimeout).toBe(2_000);
    expect(app.server.keepAliveTimeout).toBe(defaultServerLimits.keepAliveTimeoutMs);
    expect(app.server.timeout).toBe(defaultServerLimits.idleTimeoutMs);
    expect(app.initialConfig.bodyLimit).toBe(defaultServerLimits.bodyLimit);
    await Promise.all([bare.close(), app.close()]);
  });
});
