import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { chance, createRng, pick, type Rng } from './random';

// Fault knobs every vendor sandbox shares: added latency and injected 5xx / 429 / 412 responses.
// They are mutable at run time (tests and the CLI turn them up and down on a live server).
export const knobSettingsSchema = z.object({
  latencyMs: z.number().int().min(0).default(0),
  /** Extra random latency in [0, latencyJitterMs): makes concurrent responses arrive out of order. */
  latencyJitterMs: z.number().int().min(0).default(0),
  error5xxRate: z.number().min(0).max(1).default(0),
  error429Rate: z.number().min(0).max(1).default(0),
  /**
   * Conditional writes only (an `If-Match` header): another user changed the record first, so the
   * vendor answers 412 and the caller must read it again. Unconditional requests never see it.
   */
  error412Rate: z.number().min(0).max(1).default(0),
  error5xxStatuses: z.array(z.number().int().min(500).max(599)).min(1).default([500, 503]),
  retryAfterSeconds: z.number().min(0).default(1),
});
export type KnobSettings = z.infer<typeof knobSettingsSchema>;

export interface VendorErrorBody {
  body: unknown;
  headers?: Record<string, string>;
}

export interface KnobsOptions {
  settings?: Partial<KnobSettings>;
  seed?: number;
  /** The vendor's own body for an injected error, so clients parse what they would in production. */
  errorBody: (status: number) => VendorErrorBody;
  /** Which requests the knobs apply to (default all); file downloads usually are exempt. */
  applies?: (request: FastifyRequest) => boolean;
}

export class Knobs {
  private current: KnobSettings;
  private readonly rng: Rng;
  readonly injected = { latency: 0, error5xx: 0, error429: 0, error412: 0 };

  constructor(private readonly options: KnobsOptions) {
    this.current = knobSettingsSchema.parse(options.settings ?? {});
    this.rng = createRng(options.seed ?? 1);
  }

  get settings(): Readonly<KnobSettings> {
    return this.current;
  }

  set(patch: Partial<KnobSettings>): void {
    this.current = knobSettingsSchema.parse({ ...this.current, ...patch });
  }

  /** Registers the hook on a server; call before its routes. */
  install(app: FastifyInstance): void {
    app.addHook('preHandler', async (request, reply) => this.apply(request, reply));
  }

  private async apply(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (this.options.applies && !this.options.applies(request)) return;
    const { latencyMs, latencyJitterMs } = this.current;
    const delay = latencyMs + (latencyJitterMs > 0 ? Math.floor(this.rng() * latencyJitterMs) : 0);
    if (delay > 0) {
      this.injected.latency += 1;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
    let status: number | undefined;
    if (chance(this.rng, this.current.error429Rate)) {
      status = 429;
      this.injected.error429 += 1;
    } else if (chance(this.rng, this.current.error5xxRate)) {
      status = pick(this.rng, this.current.error5xxStatuses);
      this.injected.error5xx += 1;
    } else if (
      request.headers['if-match'] !== undefined &&
      chance(this.rng, this.current.error412Rate)
    ) {
      status = 412;
      this.injected.error412 += 1;
    }
    if (status === undefined) return;
    const { body, headers } = this.options.errorBody(status);
    if (status === 429) reply.header('retry-after', String(this.current.retryAfterSeconds));
    for (const [name, value] of Object.entries(headers ?? {})) reply.header(name, value);
    await reply.code(status).send(body);
  }
}
