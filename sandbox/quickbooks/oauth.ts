import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Clock } from '../toolkit/rate-limit';
import type { AccessTokens } from '../toolkit/tokens';

// Intuit's token endpoint, `POST /oauth2/v1/tokens/bearer` (form, Basic client auth), for the
// refresh grant: a 1-hour access token and a ROTATING refresh token. Each answer names the newest
// refresh token; an older one keeps working only until a newer one has been used, after which
// it is `invalid_grant`. A connector that does not persist the newest token dies on restart.
const formSchema = z.object({
  grant_type: z.string(),
  refresh_token: z.string().optional(),
});

export interface RefreshSettings {
  clientId: string;
  clientSecret: string;
  initialRefreshToken: string;
  accessTtlSeconds: number;
  refreshTtlDays: number;
  realmId: string;
  clock: Clock;
}

export class RefreshTokens {
  /** Issued refresh tokens, oldest first, with their expiry. */
  private readonly chain: { token: string; expiresAt: number }[];
  /** The highest chain index used so far: tokens before it are dead. */
  private usedIndex = 0;

  constructor(private readonly settings: RefreshSettings) {
    this.chain = [{ token: settings.initialRefreshToken, expiresAt: this.expiry() }];
  }

  get newest(): string {
    return this.chain.at(-1)?.token ?? '';
  }

  /** Returns the newest refresh token, or undefined when `token` is stale, unknown or expired. */
  use(token: string): string | undefined {
    const index = this.chain.findIndex((t) => t.token === token);
    const entry = this.chain[index];
    if (!entry || index < this.usedIndex || entry.expiresAt <= this.settings.clock())
      return undefined;
    this.usedIndex = index;
    if (index === this.chain.length - 1) {
      this.chain.push({
        token: `AB11${randomBytes(24).toString('base64url')}`,
        expiresAt: this.expiry(),
      });
    }
    return this.newest;
  }

  private expiry(): number {
    return this.settings.clock() + this.settings.refreshTtlDays * 86_400_000;
  }
}

export function registerOAuthRoutes(
  app: FastifyInstance,
  settings: RefreshSettings,
  refresh: RefreshTokens,
  tokens: AccessTokens,
): void {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );
  app.post('/oauth2/v1/tokens/bearer', async (request, reply) => {
    const basic = Buffer.from(`${settings.clientId}:${settings.clientSecret}`).toString('base64');
    if (request.headers.authorization !== `Basic ${basic}`) {
      return reply.code(401).send({ error: 'invalid_client' });
    }
    const form = formSchema.safeParse(request.body);
    if (!form.success) return reply.code(400).send({ error: 'invalid_request' });
    if (form.data.grant_type !== 'refresh_token') {
      return reply.code(400).send({ error: 'unsupported_grant_type' });
    }
    const next = refresh.use(form.data.refresh_token ?? '');
    if (next === undefined) return reply.code(400).send({ error: 'invalid_grant' });
    const access = tokens.issue(settings.realmId, settings.accessTtlSeconds);
    return reply.send({
      token_type: 'bearer',
      access_token: access.token,
      expires_in: settings.accessTtlSeconds,
      refresh_token: next,
      x_refresh_token_expires_in: Math.round(settings.refreshTtlDays * 86_400),
    });
  });
}
