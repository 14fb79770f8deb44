import { once } from 'node:events';
import http from 'node:http';
import type { Socket } from 'node:net';
import pLimit, { type LimitFunction } from 'p-limit';

/**
 * The sandboxes' outbound webhook connections: one keep-alive pool with at most `maxSockets`
 * connections per receiver, as vendors cap their concurrent deliveries per endpoint. Global
 * `fetch` opens a new connection for every request in flight, so a burst of deliveries toward a
 * slow ingress left thousands of sockets, which sat in CLOSE-WAIT once the ingress closed them
 * idle while this process was too busy to notice. Requests beyond the cap wait in a queue of our
 * own: Node's agent queues them in an array it shifts per request, which took a tenth of the
 * sandbox's CPU with tens of thousands waiting.
 */

export interface WebhookSenderOptions {
  /** Connections per receiver (host and port). */
  maxSockets?: number;
  /** Idle connections are closed after this, before the receiver's keep-alive timeout does. */
  idleMs?: number;
}

export interface PostOptions {
  headers: Record<string, string>;
  /** Exchange timeout, counted from when a connection is free for this request, not while queued. */
  timeoutMs: number;
}

export class WebhookSender {
  private readonly agent: http.Agent;
  private readonly limit: LimitFunction;

  constructor(options: WebhookSenderOptions = {}) {
    const maxSockets = options.maxSockets ?? 32;
    this.limit = pLimit({ concurrency: maxSockets, rejectOnClear: true });
    this.agent = new http.Agent({
      keepAlive: true,
      maxSockets,
      maxFreeSockets: maxSockets,
      // Node's default keeps a free socket until the peer closes it: with Plexus's 5 s keep-alive
      // timeout the close would race a new request on the same socket.
      timeout: options.idleMs ?? 2_000,
      scheduling: 'lifo',
    });
  }

  /** POSTs `body` and resolves to the status once the whole response is read; rejects on failure. */
  post(url: string, body: string, options: PostOptions): Promise<number> {
    return this.limit(() => this.exchange(url, body, options));
  }

  /** Requests waiting for a connection. */
  get waiting(): number {
    return this.limit.pendingCount;
  }

  private exchange(url: string, body: string, options: PostOptions): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const request = http.request(url, {
        method: 'POST',
        agent: this.agent,
        headers: { ...options.headers, 'content-length': Buffer.byteLength(body) },
      });
      request.once('socket', () => {
        timer = setTimeout(
          () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)),
          options.timeoutMs,
        );
      });
      request.once('close', () => clearTimeout(timer));
      request.once('error', reject);
      request.once('response', (response) => {
        // Read to the end, so the connection goes back to the pool instead of staying busy.
        response.resume();
        response.once('end', () => resolve(response.statusCode ?? 0));
        response.once('error', reject);
      });
      request.end(body);
    });
  }

  /** Connections open now, busy or idle, across receivers. */
  get openSockets(): number {
    return this.sockets().length;
  }

  /** Fails the requests still waiting for a connection; those on one go on. */
  dropWaiting(): void {
    this.limit.clearQueue();
  }

  /** Closes every connection and resolves once they are closed; requests not yet answered fail. */
  async close(): Promise<void> {
    this.limit.clearQueue();
    const open = this.sockets().filter((socket) => !socket.closed);
    this.agent.destroy();
    await Promise.all(open.map((socket) => once(socket, 'close')));
  }

  private sockets(): Socket[] {
    return [...Object.values(this.agent.sockets), ...Object.values(this.agent.freeSockets)].flatMap(
      (list) => list ?? [],
    );
  }
}
