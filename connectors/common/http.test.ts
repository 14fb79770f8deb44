import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient, HttpApiError, type HttpClientOptions } from './http';
import { FakeClock, quietLogger } from '../../test/doubles/testkit';

// The shared REST client against a real local HTTP server: what reaches the wire, and when.

type Handler = (request: IncomingMessage, response: ServerResponse, n: number) => void;

interface TestServer {
  url: string;
  /** Arrival time (Date.now(), the budget's clock) and headers of every request, in order. */
  hits: { arrivedAt: number; authorization: string | undefined }[];
  close(): Promise<void>;
}

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: Handler): Promise<TestServer> {
  const hits: TestServer['hits'] = [];
  const server = createServer((request, response) => {
    hits.push({ arrivedAt: Date.now(), authorization: request.headers.authorization });
    handler(request, response, hits.length);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const handle: TestServer = {
    url: `http://127.0.0.1:${port}/thing`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
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
  it('keeps every window of the vendor within the budget, at any speed, without holding back a burst', async () => {
    const limit = 3;
    const intervalMs = 50;
    // The first `limit` answers are held until all of them have arrived: a budget that spread
    // its requests over the window, instead of letting a burst through, would never get there.
    const held: ServerResponse[] = [];
    const server = await serve((_q, r) => {
      if (held.length < limit) {
        held.push(r);
        if (held.length === limit) for (const h of held) send(h, 200, { ok: true });
        return;
      }
      send(r, 200, { ok: true });
    });
    const http = client({ budget: { limit, intervalMs } });
    await Promise.all(Array.from({ length: 8 }, () => http.json({ url: server.url })));
    expect(server.hits).toHaveLength(8);
    // What the vendor enforces: arrivals counted on its side, in any window of `intervalMs`. The
    // (limit+1)th arrival after any arrival is a full window later, however slow the machine.
    const arrivals = server.hits.map((h) => h.arrivedAt).sort((a, b) => a - b);
    for (let i = 0; i + limit < arrivals.length; i++) {
      expect((arrivals[i + limit] ?? 0) - (arrivals[i] ?? 0)).toBeGreaterThan(intervalMs);
    }
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

describe('createHttpClient against a vendor answering nonsense', () => {
  it('retries a 200 that is an HTML page, keeping an excerpt of it, then succeeds', async () => {
    const server = await serve((_q, r, n) => {
      if (n > 1) return send(r, 200, { n });
      r.writeHead(200, { 'content-type': 'text/html' });
      r.end('<html><body>  Service\n  unavailable </body></html>');
    });
    const failures: unknown[] = [];
    const http = client({
      clock: new FakeClock(),
      observer: { succeeded: () => undefined, failed: (e) => failures.push(e) },
    });
    await expect(http.json({ url: server.url })).resolves.toEqual({ n: 2 });
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({
      code: 'BAD_ANSWER',
      retriable: true,
      details: { excerpt: '<html><body> Service unavailable </body></html>' },
    });
  });

  it('calls JSON cut short truncated, and retriable', async () => {
    const server = await serve((_q, r) => {
      r.writeHead(200, { 'content-type': 'application/json' });
      r.end('{"value":[{"id":1},');
    });
    const http = client({ clock: new FakeClock(), retries: 1 });
    const error = await http.json({ url: server.url }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'BAD_ANSWER', retriable: true });
    expect((error as Error).message).toMatch(/truncated JSON/);
    expect(server.hits).toHaveLength(2);
  });

  it('gives up an attempt that gets no answer within the timeout, and retries it', async () => {
    const server = await serve((_q, r, n) => {
      if (n > 1) send(r, 200, { n });
      // The first request is never answered.
    });
    const http = client({ clock: new FakeClock(), timeoutMs: 100 });
    await expect(http.json({ url: server.url })).resolves.toEqual({ n: 2 });
    expect(http.stats).toMatchObject({ requests: 2, retries: 1 });
  });
});
