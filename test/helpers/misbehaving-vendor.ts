import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A vendor gone wrong, in front of a healthy one (a sandbox): an HTTP server that, depending on
 * its mode, answers 200 with an HTML page, 200 with JSON cut in half, 500, 503, a storm of 429s, never
 * answers, or refuses connections; in mode `healthy` it passes every request through. Tests
 * switch the mode while a connector runs and assert that it recovers once the vendor behaves.
 */

export type VendorMode =
  'healthy' | 'html-200' | 'truncated-json' | '500' | '503' | '429-storm' | 'hang' | 'refuse';

export interface MisbehavingVendor {
  url: string;
  readonly mode: VendorMode;
  setMode(mode: VendorMode): Promise<void>;
  /** Requests answered (or held, or refused) in each mode. */
  readonly hits: Record<VendorMode, number>;
  close(): Promise<void>;
}

const HTML =
  '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>' +
  '<body><h1>Bad Gateway</h1><p>The upstream is being upgraded.</p></body></html>';

const DROPPED_HEADERS = new Set([
  'host',
  'connection',
  'content-length',
  'transfer-encoding',
  'content-encoding',
  'keep-alive',
]);

function headersOf(source: Headers | IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  const entries =
    source instanceof Headers
      ? [...source.entries()]
      : Object.entries(source).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]);
  for (const [name, value] of entries) {
    if (name && value !== undefined && !DROPPED_HEADERS.has(name.toLowerCase())) {
      out[name] = value;
    }
  }
  return out;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The upstream's answer to the same request. */
async function forward(upstream: string, request: IncomingMessage) {
  const body = await readBody(request);
  const answer = await fetch(`${upstream}${request.url ?? '/'}`, {
    method: request.method ?? 'GET',
    headers: headersOf(request.headers),
    ...(body.length && request.method !== 'GET' && request.method !== 'HEAD'
      ? { body: new Uint8Array(body) }
      : {}),
    signal: AbortSignal.timeout(30_000),
  });
  return {
    status: answer.status,
    headers: headersOf(answer.headers),
    body: Buffer.from(await answer.arrayBuffer()),
  };
}

export async function startMisbehavingVendor(options: {
  /** The healthy vendor, e.g. a sandbox's URL. */
  upstream: string;
  mode?: VendorMode;
  /** Only these requests misbehave (e.g. the API, not the token endpoint); default all. */
  affects?: (request: IncomingMessage) => boolean;
}): Promise<MisbehavingVendor> {
  let mode: VendorMode = options.mode ?? 'healthy';
  const hits = Object.fromEntries(
    (
      [
        'healthy',
        'html-200',
        'truncated-json',
        '500',
        '503',
        '429-storm',
        'hang',
        'refuse',
      ] as const
    ).map((m) => [m, 0]),
  ) as Record<VendorMode, number>;
  const sockets = new Set<Socket>();

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const current = options.affects && !options.affects(request) ? 'healthy' : mode;
    hits[current] += 1;
    switch (current) {
      case 'hang':
        return; // Never answered; the socket is destroyed on close.
      case 'html-200':
        response.writeHead(200, { 'content-type': 'text/html' });
        return response.end(HTML);
      case '500':
        response.writeHead(500, { 'content-type': 'application/json' });
        return response.end(JSON.stringify({ error: 'internal error', status: 500 }));
      case '503':
        response.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '1' });
        return response.end('Service Unavailable');
      case '429-storm':
        response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '0' });
        return response.end(JSON.stringify({ error: 'too many requests' }));
      default: {
        const answer = await forward(options.upstream, request);
        if (current === 'truncated-json') {
          // The vendor's own status and content type, the body cut in half.
          response.writeHead(answer.status, answer.headers);
          return response.end(answer.body.subarray(0, Math.floor(answer.body.length / 2)));
        }
        response.writeHead(answer.status, answer.headers);
        return response.end(answer.body);
      }
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
      response.end(`misbehaving vendor: upstream failed: ${String(error)}`);
    });
  });
  server.on('connection', (socket) => {
    if (mode === 'refuse') {
      hits.refuse += 1;
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const dropConnections = () => {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
  };

  return {
    url: `http://127.0.0.1:${port}`,
    get mode() {
      return mode;
    },
    hits,
    async setMode(next) {
      // Leaving `hang`, the held requests stay unanswered (the client's timeout must end them);
      // entering `refuse`, open keep-alive connections go too, so every new request is refused.
      mode = next;
      if (next === 'refuse') dropConnections();
    },
    async close() {
      dropConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
