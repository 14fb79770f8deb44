/**
 * How long any Plexus HTTP server waits on a client, and how much it reads. Node's and fastify's
 * defaults let a slow client hold a connection for ever (fastify's `requestTimeout` is 0).
 */
export interface ServerLimits {
  /** Bytes of a request body. */
  bodyLimit: number;
  /** The whole request, headers and body, must arrive within this. */
  requestTimeoutMs: number;
  /** The headers must arrive within this (slowloris). */
  headersTimeoutMs: number;
  /** A socket silent this long is closed. */
  idleTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** How often Node checks the two deadlines above; they are only as precise as this. */
  checkIntervalMs: number;
}

export const defaultServerLimits: ServerLimits = {
  bodyLimit: 1024 * 1024,
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  idleTimeoutMs: 60_000,
  keepAliveTimeoutMs: 5_000,
  checkIntervalMs: 1_000,
};

/** The fastify options that apply `limits`; spread them into `Fastify({...})`. */
export function fastifyLimits(overrides: Partial<ServerLimits> = {}) {
  const limits = { ...defaultServerLimits, ...overrides };
  return {
    bodyLimit: limits.bodyLimit,
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.idleTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    http: {
      headersTimeout: limits.headersTimeoutMs,
      connectionsCheckingInterval: limits.checkIntervalMs,
    },
  };
}
