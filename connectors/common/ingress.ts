import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from '../../lib/logger';
import { fastifyLimits } from '../../lib/server-limits';

/**
 * The webhook ingress: one HTTP server on the ingress port (127.0.0.1:4010 by default) that every
 * connector adds its `POST /webhooks/<source>` route to. Bodies stay raw bytes, because every
 * vendor signs the exact bytes it sent; a route parses JSON only after it has verified them.
 *
 * Routes are added before `listen()` (fastify fixes its routes when it starts).
 */

export type HeaderBag = Record<string, string | string[] | undefined>;

export interface WebhookRequest {
  /** The body exactly as received; empty when there was none. */
  raw: Buffer;
  headers: HeaderBag;
  query: Record<string, string | undefined>;
  /** Path and query as received, for signatures that cover the URL (HubSpot v3). */
  url: string;
  ip: string;
}

export interface WebhookAnswer {
  status: number;
  body?: string;
  contentType?: string;
}

export interface WebhookRoute {
  /** e.g. `/webhooks/shopify`. */
  path: string;
  handle(request: WebhookRequest): WebhookAnswer | Promise<WebhookAnswer>;
}

export interface IngressOptions {
  host: string;
  port: number;
  logger: Logger;
  /** Large orders exceed fastify's 1 MiB default. */
  bodyLimit?: number;
}

export interface Ingress {
  add(route: WebhookRoute): void;
  /** Starts listening; resolves to the base URL. */
  listen(): Promise<string>;
  /** The base URL once listening. */
  readonly url: string;
  readonly server: FastifyInstance;
  close(): Promise<void>;
}

/** The first value of a header, however the HTTP layer delivered it. */
export function headerValue(headers: HeaderBag, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export function createIngress(options: IngressOptions): Ingress {
  const server = Fastify({
    logger: false,
    ...fastifyLimits({ bodyLimit: options.bodyLimit ?? 10 * 1024 * 1024 }),
  });
  server.removeAllContentTypeParsers();
  server.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  const paths: string[] = [];
  server.get('/health', async () => ({ status: 'ok', routes: paths }));
  let url = '';

  return {
    server,
    get url() {
      if (!url) throw new Error('the ingress is not listening yet');
      return url;
    },
    add(route) {
      if (paths.includes(route.path)) throw new Error(`ingress route ${route.path} added twice`);
      paths.push(route.path);
      server.post(route.path, async (request, reply) => {
        const answer = await route.handle({
          raw: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
          headers: request.headers,
          query: request.query as Record<string, string | undefined>,
          url: request.url,
          ip: request.ip,
        });
        reply.code(answer.status);
        if (answer.contentType) reply.type(answer.contentType);
        return reply.send(answer.body ?? '');
      });
    },
    async listen() {
      url = await server.listen({ host: options.host, port: options.port });
      options.logger.info({ url, routes: paths }, 'webhook ingress listening');
      return url;
    },
    close: () => server.close(),
  };
}
