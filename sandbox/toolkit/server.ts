import Fastify, { type FastifyInstance } from 'fastify';

// One bootstrap for every vendor sandbox: fastify on loopback by default, because a sandbox holds
// fake credentials and should never be reachable from the network by accident.
export interface SandboxServerOptions {
  host?: string;
  /** 0 picks a free port (tests). */
  port?: number;
  /** Registers the vendor's routes and hooks. */
  routes: (app: FastifyInstance) => void | Promise<void>;
  /** Fastify logger: false (default) or a pino level name. */
  logger?: false | string;
  /** Largest accepted request body; GraphQL documents and batch calls can be big. */
  bodyLimit?: number;
}

export interface SandboxServer {
  url: string;
  host: string;
  port: number;
  app: FastifyInstance;
  close: () => Promise<void>;
}

export async function startSandboxServer(options: SandboxServerOptions): Promise<SandboxServer> {
  const host = options.host ?? '127.0.0.1';
  const app = Fastify({
    logger: options.logger ? { level: options.logger } : false,
    bodyLimit: options.bodyLimit ?? 10 * 1024 * 1024,
    // A closed sandbox is a vendor gone: it drops every connection, answered or not. Waiting for
    // the requests in flight let one slow client hold `plexus start`'s shutdown past its deadline.
    forceCloseConnections: true,
  });
  await options.routes(app);
  await app.listen({ host, port: options.port ?? 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no TCP address');
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${address.port}`,
    host,
    port: address.port,
    app,
    close: async () => {
      await app.close();
    },
  };
}
