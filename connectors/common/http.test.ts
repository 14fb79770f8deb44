import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHttpClient, HttpApiError, type HttpClientOptions } from './http';
import { FakeClock, quietLogger } from './testkit';

// The shared REST client against a real local HTTP server: what reaches the wire, and when.

type Handler = (request: IncomingMessage, response: ServerResponse, n: number) => void;

interface TestServer {
  url: string;
  /** Arrival time (ms) and headers of every request, in order. */
  hits: { at: number; authorization: string | undefined }[];
  close(): Promise<void>;
}

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: Handler): Promise<TestServer> {
  const hits: TestServer['hits'] = [];
  const server = createServer((request, response) => {
    hits.push({ at: performance.now(), authorization: request.headers.authorization });
    handler(request, response, hits.length);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const handle: TestServer = {
    url: `http://127.0.0.1:${port}/thing`,
    hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  servers.push(handle);
  return handle;
}

function send(response: ServerResponse, status: number, body: unknown, headers = {}) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

const client = (options: Partial<HttpClientOptions> = {}) =>
  createHttpClient({
    vendor: 'Test vendor',
    logger: quietLogger(),
    budget: { limit: 1000, intervalMs: 1000 },
    backoffMs: 1,
    ...options,
  });

describe('createHttpClient', () => {
  it('keeps every sliding window within the request budget', async () => {
    const server = await serve((_q, r) => send(r, 200, { ok: true }));
    // When each request leaves the client: arrival times at the server carry network jitter.
    const sent: number[] = [];
    const realFetch = globalThis.fetch;
    vi.stubGlobal('fetch', (input: string, init: RequestInit) => {
      sent.push(performance.now());
      return realFetch(input, init);
    });
    try {
      const http = client({ budget: { limit: 3, intervalMs: 300 } });
      await Promise.all(Array.from({ length: 7 }, () => http.json({ url: server.url })));
    } finally {
      vi.unstubAllGlobals();
    }
    expect(server.hits).toHaveLength(7);
    expect(sent).toHaveLength(7);
    // 3 per 300 ms: the 4th request after any request leaves an interval later (less timer noise).
    for (let i = 0; i + 3 < sent.length; i++) {
      expect((sent[i + 3] ?? 0) - (sent[i] ?? 0)).toBeGreaterThanOrEqual(295);
    }
    // And the first three were not held back: they left as a burst, not spread over the window
    // (spread evenly, the third would leave two thirds of the way to the fourth). A ratio within
    // this run, so a slow machine does not fail it.
    const burst = (sent[2] ?? 0) - (sent[0] ?? 0);
    expect(burst).toBeLessThan(((sent[3] ?? 0) - (sent[0] ?? 0)) / 2);
  });

  it('waits the Retry-After of a 429, then succeeds', async () => {
    const server = await serve((_q, r, n) =>
      n === 1 ? send(r, 429, { error: 'slow down' }, { 'retry-after': '2' }) : send(r, 200, [n]),
    );
    const clock = new FakeClock();
    const http = client({ clock, backoffMs: 5_000 });
    await expect(http.json<number[]>({ url: server.url })).resolves.toEqual([2]);
    expect(clock.sleeps).toEqual([2_000]);
    expect(http.stats).toEqual({ requests: 2, retries: 1, rateLimited: 1 });
  });

  it('retries 5xx with backoff until it succeeds', async () => {
    const server = await serve((_q, r, n) =>
      n < 3 ? send(r, n === 1 ? 503 : 500, { error: 'oops' }) : send(r, 200, { n }),
    );
    const clock = new FakeClock();
    const http = client({ clock, backoffMs: 100 });
    await expect(http.json({ url: server.url })).resolves.toEqual({ n: 3 });
    expect(server.hits).toHaveLength(3);
    expect(http.stats.retries).toBe(2);
    // Exponential backoff with jitter: [50, 100) ms, then [100, 200) ms.
    expect(clock.sleeps).toHaveLength(2);
    expect(clock.sleeps[0]).toBeGreaterThanOrEqual(50);
    expect(clock.sleeps[0]).toBeLessThan(100);
    expect(clock.sleeps[1]).toBeGreaterThanOrEqual(100);
    expect(clock.sleeps[1]).toBeLessThan(200);
  });

  it('gives up after the configured retries', async () => {
    const server = await serve((_q, r) => send(r, 502, { error: 'bad gateway' }));
    const http = client({ clock: new FakeClock(), retries: 2 });
    await expect(http.json({ url: server.url })).rejects.toMatchObject({ status: 502 });
    expect(server.hits).toHaveLength(3);
  });

  it('fails a 4xx at once, keeping the vendor body', async () => {
    const server = await serve((_q, r) => send(r, 404, { error: { code: 'NotFound' } }));
    const http = client({ clock: new FakeClock() });
    const error: unknown = await http.json({ url: server.url }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpApiError);
    expect(error).toMatchObject({ status: 404, retriable: false, code: 'HTTP_404' });
    expect((error as HttpApiError).body).toEqual({ error: { code: 'NotFound' } });
    expect(server.hits).toHaveLength(1);
    expect(http.stats.retries).toBe(0);
  });

  it('re-authenticates once on a 401 and repeats the request with the new headers', async () => {
    const server = await serve((q, r) =>
      q.headers.authorization === 'Bearer fresh' ? send(r, 200, { ok: 1 }) : send(r, 401, {}),
    );
    let token = 'stale';
    let refreshes = 0;
    const http = client({
      headers: () => ({ authorization: `Bearer ${token}` }),
      onUnauthorized: async () => {
        refreshes += 1;
        token = 'fresh';
        return true;
      },
    });
    await expect(http.json({ url: server.url })).resolves.toEqual({ ok: 1 });
    expect(refreshes).toBe(1);
    expect(server.hits.map((h) => h.authorization)).toEqual(['Bearer stale', 'Bearer fresh']);
  });

  it('re-authenticates only once: a second 401 fails', async () => {
    const server = await serve((_q, r) => send(r, 401, { error: 'no' }));
    let refreshes = 0;
    const http = client({
      onUnauthorized: async () => {
        refreshes += 1;
        return true;
      },
    });
    await expect(http.json({ url: server.url })).rejects.toMatchObject({ status: 401 });
    expect(refreshes).toBe(1);
    expect(server.hits).toHaveLength(2);
  });

  it('retries a network failure and reports it as NETWORK', async () => {
    const server = await serve((_q, r) => send(r, 200, {}));
    await server.close();
    servers.splice(servers.indexOf(server), 1);
    const http = client({ clock: new FakeClock(), retries: 2 });
    await expect(http.json({ url: server.url })).rejects.toMatchObject({
      code: 'NETWORK',
      retriable: true,
    });
    expect(http.stats).toMatchObject({ requests: 3, retries: 2 });
  });
});
