import { randomBytes } from 'node:crypto';
import type { Clock } from './rate-limit';

// Opaque bearer tokens with an expiry, as an OAuth server issues them. Vendors differ in how they
// are obtained (client credentials, refresh tokens) but not in how an API checks them.
export interface IssuedToken {
  token: string;
  expiresAt: number;
  /** Free-form: who the token was issued to (client id, realm). */
  subject: string;
}

export type TokenCheck = { valid: true; token: IssuedToken } | { valid: false; reason: string };

export class AccessTokens {
  private readonly tokens = new Map<string, IssuedToken>();

  constructor(
    private readonly clock: Clock = Date.now,
    private readonly prefix = '',
  ) {}

  issue(subject: string, ttlSeconds: number): IssuedToken {
    const token: IssuedToken = {
      token: this.prefix + randomBytes(24).toString('base64url'),
      expiresAt: this.clock() + ttlSeconds * 1000,
      subject,
    };
    this.tokens.set(token.token, token);
    return token;
  }

  /** Checks an `Authorization` header value (`Bearer <token>`). */
  check(authorization: string | undefined): TokenCheck {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match?.[1]) return { valid: false, reason: 'missing' };
    const token = this.tokens.get(match[1]);
    if (!token) return { valid: false, reason: 'unknown' };
    if (token.expiresAt <= this.clock()) return { valid: false, reason: 'expired' };
    return { valid: true, token };
  }

  revokeAll(): void {
    this.tokens.clear();
  }
}
