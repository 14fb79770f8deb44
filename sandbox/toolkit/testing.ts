import type { IncomingHttpHeaders } from 'node:http';
import { startSandboxServer } from './server';

// A webhook receiver for tests: records each request's raw body and headers, and answers with a
// status chosen per request (to make deliveries fail and be retried).
export interface Received {
  headers: IncomingHttpHeaders;
  rawBody: string;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Resolves once at least `count` requests arrived (or rejects after `timeoutMs`). */
  waitFor: (count: number, timeoutMs?: number) => Promise<Received[]>;
  close: () => Promise<void>;
}

export async function startReceiver(status: (n: number) => number = () => 200): Promise<Receiver> {
  const received: Received[] = [];
  const server = await startSandboxServer({
    routes: (app) => {
      // Keep the body as the exact bytes: the HMAC is over them, not over re-serialised JSON.
      app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) =>
        done(null, body),
      );
      app.post('/hook', async (request, reply) => {
        received.push({ headers: request.headers, rawBody: String(request.body) });
        return reply.code(status(received.length)).send('');
      });
    },
  });
  const waitFor = async (count: number, timeoutMs = 5000) => {
    const deadline = Date.now() + timeoutMs;
    while (received.length < count) {
      if (Date.now() > deadline) throw new Error(`got ${received.length} of ${count} requests`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return received;
  };
  return { url: `${server.url}/hook`, received, waitFor, close: server.close };
}
