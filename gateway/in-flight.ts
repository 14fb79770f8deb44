import type { FastifyReply, FastifyRequest } from 'fastify';
import { gatewayRefusals } from '../lib/metrics';

/**
 * How many GraphQL requests may run at once. The cost bucket limits what a caller spends per
 * second, not how many slow requests it holds open: without these caps every request that passes
 * it waits in Node's queue (and holds subgraph and store connections) however many arrive.
 */
export interface InFlightLimits {
  /** Across every caller; past it, 503 (the gateway is full, whoever asks). */
  maxInFlight: number;
  /** Per caller (API key, token subject); past it, 429 (this caller asks too much at once). */
  maxInFlightPerCaller: number;
}

export const defaultInFlightLimits: InFlightLimits = { maxInFlight: 256, maxInFlightPerCaller: 32 };

/** A refused request is worth retrying this soon: a slot frees when any request ends. */
const retryAfterSeconds = 1;

export type Admission = { ok: true; release: () => void } | { ok: false; full: 'caller' | 'total' };

/** Counts the requests running, in all and per caller. */
export class InFlight {
  private total = 0;
  private readonly byCaller = new Map<string, number>();

  constructor(private readonly limits: InFlightLimits) {}

  /** A slot for one request of `caller`; its `release` must be called once when it ends. */
  enter(caller: string): Admission {
    const mine = this.byCaller.get(caller) ?? 0;
    // The caller's own cap first: one busy caller gets 429, not everyone 503.
    if (mine >= this.limits.maxInFlightPerCaller) return { ok: false, full: 'caller' };
    if (this.total >= this.limits.maxInFlight) return { ok: false, full: 'total' };
    this.total += 1;
    this.byCaller.set(caller, mine + 1);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.total -= 1;
        const left = (this.byCaller.get(caller) ?? 1) - 1;
        if (left > 0) this.byCaller.set(caller, left);
        else this.byCaller.delete(caller);
      },
    };
  }

  get size(): number {
    return this.total;
  }
}

/**
 * Wraps the `/graphql` handler: a GET or POST runs only with a slot, held until the handler has
 * answered; without one it is refused at once, before it is priced or charged to the bucket.
 */
export function limitInFlight<R>(
  inFlight: InFlight,
  callerOf: (request: FastifyRequest) => string,
  handler: (request: FastifyRequest, reply: FastifyReply) => Promise<R>,
) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<R | string> => {
    if (request.method !== 'GET' && request.method !== 'POST') return handler(request, reply);
    const admission = inFlight.enter(callerOf(request));
    if (!admission.ok) {
      const [status, code, message] =
        admission.full === 'caller'
          ? [429, 'TOO_MANY_IN_FLIGHT', 'Too many requests of this caller are running at once']
          : [503, 'OVERLOADED', 'The gateway is running as many requests as it takes'];
      gatewayRefusals.inc({ code });
      void reply
        .code(status)
        .header('retry-after', String(retryAfterSeconds))
        .type('application/json; charset=utf-8');
      return JSON.stringify({
        errors: [{ message: `${message}; retry later.`, extensions: { code } }],
      });
    }
    try {
      return await handler(request, reply);
    } finally {
      admission.release();
    }
  };
}
