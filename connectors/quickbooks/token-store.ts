import { chmod, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { PlexusError } from '../../lib/errors';

/**
 * Where the newest refresh token lives. Intuit rotates refresh tokens: every refresh answers a new
 * one, and the old one dies as soon as the new one has been used. So the new token is written down
 * before it is ever used, and a restarted connector reads it back instead of the configuration's
 * (long dead) first token. The field is named `refreshToken` because lib/logger.ts redacts it.
 */

export interface StoredToken {
  refreshToken: string;
  /** When Intuit says the refresh token expires (100 days, renewed by each refresh). */
  refreshTokenExpiresAt?: string;
  savedAt: string;
}

export interface TokenStore {
  load(): Promise<StoredToken | undefined>;
  save(token: StoredToken): Promise<void>;
}

const storedTokenSchema = z.object({
  refreshToken: z.string().min(1),
  refreshTokenExpiresAt: z.string().optional(),
  savedAt: z.string(),
});

export class MemoryTokenStore implements TokenStore {
  constructor(private token?: StoredToken) {}
  async load() {
    return this.token;
  }
  async save(token: StoredToken) {
    this.token = { ...token };
  }
}

/**
 * One small JSON file, mode 0600, replaced atomically: written to a temporary file, flushed to
 * disk, then renamed over the old one, so a crash leaves the old token or the new one, never a
 * torn file. Writes are serialised.
 */
export class FileTokenStore implements TokenStore {
  private writing: Promise<void> = Promise.resolve();

  constructor(readonly path: string) {}

  async load(): Promise<StoredToken | undefined> {
    let raw: string;
    try {
      raw = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (cause) {
      throw new PlexusError(`token file ${this.path} is not JSON`, { code: 'TOKEN_FILE', cause });
    }
    const token = storedTokenSchema.safeParse(parsed);
    if (!token.success) {
      throw new PlexusError(`token file ${this.path} has no usable refreshToken`, {
        code: 'TOKEN_FILE',
      });
    }
    return token.data;
  }

  save(token: StoredToken): Promise<void> {
    const text = `${JSON.stringify(token, null, 2)}\n`;
    const next = this.writing.then(() => this.write(text));
    // A failed write must not poison the ones after it; the caller still sees its own failure.
    this.writing = next.catch(() => undefined);
    return next;
  }

  private async write(text: string): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const tmp = `${this.path}.${process.pid}.tmp`;
    const file = await open(tmp, 'w', 0o600);
    try {
      await file.writeFile(text, 'utf8');
      await file.sync();
    } catch (error) {
      await file.close();
      await unlink(tmp).catch(() => undefined);
      throw error;
    }
    await file.close();
    // The mode passed to open() is masked by the umask; make it exact.
    await chmod(tmp, 0o600);
    await rename(tmp, this.path);
  }
}
