import { z } from 'zod';
import { errorMessage, PlexusError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import { systemClock, type Clock } from '../common/clock';
import { parseRetryAfter } from '../common/retry-after';
import type { QuickBooksConfig } from './config';
import type { TokenStore } from './token-store';

/**
 * OAuth2 for QuickBooks Online: one-hour access tokens from a ROTATING refresh token.
 *
 * - The refresh token to use is the store's, else the configuration's (first run only).
 * - Each answer's new refresh token is saved before anything else happens: the old one dies the
 *   moment the new one is used, so a token that was used but not saved means re-authorising.
 * - Refreshes are single-flight: every caller during a refresh awaits the same one. Two refreshes
 *   racing with the same refresh token could rotate it twice and leave us holding a dead one.
 * - Access tokens are renewed ahead of expiry (a tenth of their life, at most five minutes), and
 *   once after a 401 (`onUnauthorized`, for http.ts).
 *
 * Tokens are held only under field names lib/logger.ts redacts, and never logged.
 */

export class OAuthError extends PlexusError {}

const tokenAnswerSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().positive(),
  refresh_token: z.string().min(1),
  x_refresh_token_expires_in: z.coerce.number().positive().optional(),
});

export interface TokenManagerOptions {
  config: Pick<QuickBooksConfig, 'tokenUrl' | 'clientId' | 'clientSecret' | 'refreshToken'>;
  store: TokenStore;
  logger: Logger;
  clock?: Clock;
  /** Attempts at the token endpoint for network errors, 429 and 5xx. */
  attempts?: number;
  backoffMs?: number;
}

export interface TokenStats {
  refreshes: number;
  /** Calls that found a refresh already running and waited for it instead. */
  joined: number;
}

/** After a 401, a token this young was just renewed by a concurrent caller: use it, do not renew. */
const FRESH_MS = 5_000;

export class TokenManager {
  private accessToken: string | undefined;
  private expiresAt = 0;
  private obtainedAt = 0;
  private inFlight: Promise<string> | undefined;
  private readonly clock: Clock;
  readonly stats: TokenStats = { refreshes: 0, joined: 0 };

  constructor(private readonly options: TokenManagerOptions) {
    this.clock = options.clock ?? systemClock;
  }

  /** A valid access token, renewed first when it is missing or about to expire. */
  async bearer(): Promise<string> {
    const margin = Math.min(300_000, (this.expiresAt - this.obtainedAt) / 10);
    if (this.accessToken && this.clock.now() < this.expiresAt - margin) return this.accessToken;
    return this.refresh();
  }

  /** For http.ts: a 401 means the access token is no good; renew it once, then retry. */
  async onUnauthorized(): Promise<boolean> {
    if (this.inFlight) {
      this.stats.joined += 1;
      await this.inFlight;
      return true;
    }
    if (this.accessToken && this.clock.now() - this.obtainedAt < FRESH_MS) return true;
    this.accessToken = undefined;
    await this.refresh();
    return true;
  }

  /** Renews the access token (and rotates the refresh token); concurrent calls share one. */
  refresh(): Promise<string> {
    if (this.inFlight) {
      this.stats.joined += 1;
      return this.inFlight;
    }
    const run = this.renew().finally(() => {
      this.inFlight = undefined;
    });
    this.inFlight = run;
    return run;
  }

  private async renew(): Promise<string> {
    const stored = await this.options.store.load();
    const refreshToken = stored?.refreshToken ?? this.options.config.refreshToken;
    if (!refreshToken) {
      throw new OAuthError(
        'no QuickBooks refresh token: set QBO_REFRESH_TOKEN (the token store has none)',
        { code: 'QBO_NO_REFRESH_TOKEN' },
      );
    }
    const answer = await this.exchange(refreshToken);
    const now = this.clock.now();
    // Written down before it can be used: see the header comment.
    await this.options.store.save({
      refreshToken: answer.refresh_token,
      ...(answer.x_refresh_token_expires_in
        ? {
            refreshTokenExpiresAt: new Date(
              now + answer.x_refresh_token_expires_in * 1000,
            ).toISOString(),
          }
        : {}),
      savedAt: new Date(now).toISOString(),
    });
    this.accessToken = answer.access_token;
    this.obtainedAt = now;
    this.expiresAt = now + answer.expires_in * 1000;
    this.stats.refreshes += 1;
    this.options.logger.info(
      { expiresInSeconds: answer.expires_in, rotated: answer.refresh_token !== refreshToken },
      'QuickBooks access token renewed',
    );
    return answer.access_token;
  }

  private async exchange(refreshToken: string): Promise<z.infer<typeof tokenAnswerSchema>> {
    const { config, logger } = this.options;
    const basic = Buffer.from(`${config.clientId}:${config.clientSecret}`).toString('base64');
    const attempts = this.options.attempts ?? 5;
    for (let attempt = 1; ; attempt += 1) {
      let response: Response | undefined;
      let failure: string;
      let retryAfterMs: number | undefined;
      try {
        response = await fetch(config.tokenUrl, {
          method: 'POST',
          headers: {
            authorization: `Basic ${basic}`,
            accept: 'application/json',
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: new URLSearchParams({
            grant_type: 'refresh_token',
            refresh_token: refreshToken,
          }).toString(),
          signal: AbortSignal.timeout(30_000),
        });
      } catch (error) {
        failure = `token endpoint unreachable (${errorMessage(error)})`;
      }
      if (response) {
        const text = await response.text();
        if (response.ok) {
          const parsed = tokenAnswerSchema.safeParse(safeJson(text));
          if (!parsed.success) {
            throw new OAuthError('QuickBooks token endpoint answered an unexpected body', {
              code: 'QBO_TOKEN_ANSWER',
            });
          }
          return parsed.data;
        }
        const code = errorCode(text);
        if (response.status !== 429 && response.status < 500) {
          throw new OAuthError(
            code === 'invalid_grant'
              ? 'QuickBooks refused the refresh token (invalid_grant): it was superseded by a ' +
                  'newer one, expired or was revoked. Re-authorise the app, set QBO_REFRESH_TOKEN ' +
                  'and remove the token file.'
              : `QuickBooks token endpoint answered HTTP ${response.status} (${code ?? 'no code'})`,
            { code: code === 'invalid_grant' ? 'QBO_INVALID_GRANT' : 'QBO_TOKEN_REFUSED' },
          );
        }
        failure = `token endpoint answered HTTP ${response.status}`;
        retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      } else {
        failure ??= 'token endpoint unreachable';
      }
      if (attempt >= attempts) {
        throw new OAuthError(`QuickBooks token refresh failed: ${failure}`, {
          code: 'QBO_TOKEN_UNAVAILABLE',
          retriable: true,
        });
      }
      const delay = retryAfterMs ?? (this.options.backoffMs ?? 500) * 2 ** (attempt - 1);
      logger.warn({ attempt, delayMs: delay, reason: failure }, 'QuickBooks token refresh retried');
      await this.clock.sleep(delay);
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function errorCode(text: string): string | undefined {
  const body = safeJson(text);
  if (body && typeof body === 'object' && 'error' in body && typeof body.error === 'string') {
    return body.error;
  }
  return undefined;
}
