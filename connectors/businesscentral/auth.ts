import { z } from 'zod';
import type { Logger } from '../../lib/logger';
import { systemClock, type Clock } from '../common/clock';
import { HttpApiError } from '../common/http';
import { withRetry } from '../common/retry';

/**
 * Entra ID client-credentials tokens for the BC API. A token is cached until shortly before it
 * expires; concurrent callers share one token request; `invalidate()` (after a 401) forces a new
 * one. The token endpoint is Entra's, not BC's, so it is outside the BC request budget.
 */

const tokenSchema = z.object({
  token_type: z.string().regex(/^bearer$/i),
  expires_in: z.coerce.number().positive(),
  access_token: z.string().min(1),
});

const entraErrorSchema = z.object({
  error: z.string(),
  error_codes: z.array(z.number()).optional(),
});

export interface TokenSource {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope: string;
}

export interface TokenProviderStats {
  issued: number;
  invalidated: number;
}

export class TokenProvider {
  private cached: { token: string; refreshAt: number } | undefined;
  private inflight: Promise<string> | undefined;
  readonly stats: TokenProviderStats = { issued: 0, invalidated: 0 };

  constructor(
    private readonly source: TokenSource,
    private readonly logger: Logger,
    private readonly clock: Clock = systemClock,
    /** Refresh this long before expiry (capped at a tenth of the lifetime for short tokens). */
    private readonly earlyMs = 5 * 60_000,
  ) {}

  async token(): Promise<string> {
    if (this.cached && this.clock.now() < this.cached.refreshAt) return this.cached.token;
    this.inflight ??= this.fetchToken().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  async headers(): Promise<Record<string, string>> {
    return { authorization: `Bearer ${await this.token()}` };
  }

  /**
   * After a 401: the cached token is no good; the next call fetches a new one. Concurrent
   * requests that all carried the old token each report a 401: while a new token is being
   * fetched, those reports are ignored.
   */
  invalidate(): void {
    if (this.inflight) return;
    this.cached = undefined;
    this.stats.invalidated += 1;
  }

  private async fetchToken(): Promise<string> {
    const requested = this.clock.now();
    const body = await withRetry(() => this.request(), {
      retries: 4,
      backoff: { initialMs: 200 },
      clock: this.clock,
    });
    const lifetimeMs = body.expires_in * 1000;
    const early = Math.min(this.earlyMs, lifetimeMs / 10);
    this.cached = {
      token: body.access_token,
      refreshAt: requested + lifetimeMs - early,
    };
    this.stats.issued += 1;
    this.logger.debug({ expiresInS: body.expires_in }, 'Business Central token issued');
    return body.access_token;
  }

  private async request(): Promise<z.infer<typeof tokenSchema>> {
    let response: Response;
    try {
      response = await fetch(this.source.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: this.source.clientId,
          client_secret: this.source.clientSecret,
          scope: this.source.scope,
        }).toString(),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (cause) {
      throw new HttpApiError('Entra ID token endpoint unreachable', {
        code: 'NETWORK',
        retriable: true,
        cause,
      });
    }
    const json: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      // Entra's `error` and codes name the problem (invalid_client, invalid_scope); the
      // description may echo request details, so it stays out of the message.
      const error = entraErrorSchema.safeParse(json);
      const what = error.success
        ? `${error.data.error}${error.data.error_codes ? ` (AADSTS${error.data.error_codes.join(',')})` : ''}`
        : `HTTP ${response.status}`;
      throw new HttpApiError(`Business Central token request refused: ${what}`, {
        code: error.success ? error.data.error : `HTTP_${response.status}`,
        status: response.status,
        retriable: response.status === 429 || response.status >= 500,
      });
    }
    const token = tokenSchema.safeParse(json);
    if (!token.success) {
      throw new HttpApiError('Business Central token response is not a bearer token', {
        code: 'TOKEN_INVALID',
        status: response.status,
        retriable: false,
      });
    }
    return token.data;
  }
}
