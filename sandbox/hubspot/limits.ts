import type { FastifyReply, FastifyRequest } from 'fastify';
import { LeakyBucket, perWindow, type Clock } from '../toolkit/rate-limit';
import { invalidAuthentication, rateLimitBody } from './errors';

// Private-app auth and HubSpot's limits: a burst limit per 10 s (190), a daily limit, and search's
// own 5 per second; every response carries the X-HubSpot-RateLimit-* headers.
export interface LimitSettings {
  accessToken: string;
  requests: number;
  windowSeconds: number;
  daily: number;
  searchPerSecond: number;
  clock: Clock;
}

export class HubLimits {
  readonly burst: LeakyBucket;
  readonly search: LeakyBucket;
  private day = '';
  private usedToday = 0;

  constructor(private readonly settings: LimitSettings) {
    this.burst = new LeakyBucket({
      ...perWindow(settings.requests, settings.windowSeconds),
      clock: settings.clock,
    });
    this.search = new LeakyBucket({
      ...perWindow(settings.searchPerSecond, 1),
      clock: settings.clock,
    });
  }

  /** A preHandler for `/crm/…`: answers 401 or 429 itself, else lets the request through. */
  async guard(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const { settings } = this;
    if (request.headers.authorization !== `Bearer ${settings.accessToken}`) {
      await reply.code(401).send(invalidAuthentication());
      return;
    }
    const today = new Date(settings.clock()).toISOString().slice(0, 10);
    if (today !== this.day) {
      this.day = today;
      this.usedToday = 0;
    }
    const refuse = async (policy: 'SECONDLY' | 'DAILY', max: number, ms: number) => {
      this.headers(reply);
      reply.header('retry-after', String(Math.max(1, Math.ceil(ms / 1000))));
      await reply.code(429).send(rateLimitBody(policy, max));
    };
    if (this.usedToday >= settings.daily) return refuse('DAILY', settings.daily, 3_600_000);
    if (!this.burst.tryTake(1)) return refuse('SECONDLY', settings.requests, this.burst.msUntil(1));
    if (request.url.includes('/search') && !this.search.tryTake(1)) {
      this.burst.refund(1);
      return refuse('SECONDLY', settings.searchPerSecond, this.search.msUntil(1));
    }
    this.usedToday += 1;
    this.headers(reply);
  }

  private headers(reply: FastifyReply): void {
    const { settings } = this;
    reply.header('x-hubspot-ratelimit-daily', String(settings.daily));
    reply.header('x-hubspot-ratelimit-daily-remaining', String(settings.daily - this.usedToday));
    reply.header(
      'x-hubspot-ratelimit-interval-milliseconds',
      String(settings.windowSeconds * 1000),
    );
    reply.header('x-hubspot-ratelimit-max', String(settings.requests));
    reply.header('x-hubspot-ratelimit-remaining', String(Math.floor(this.burst.available())));
  }
}
