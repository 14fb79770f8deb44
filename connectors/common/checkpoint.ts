import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Where backfills and the reconciliation poll remember how far they got, so that a restart
 * resumes instead of starting over. Values are small strings (a cursor, an instant, JSON).
 */
export interface CheckpointStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
}

export class MemoryCheckpointStore implements CheckpointStore {
  readonly values = new Map<string, string>();
  async get(key: string) {
    return this.values.get(key);
  }
  async set(key: string, value: string) {
    this.values.set(key, value);
  }
}

/** One file per connector, so connectors in one process never rewrite each other's file. */
export const checkpointFile = (source: string, dir = './data') =>
  `${dir}/${source}-checkpoints.json`;

/**
 * All checkpoints in one JSON file, rewritten whole through a temporary file and a rename, so a
 * crash leaves either the old file or the new one, never half of one. Writes are serialised.
 */
export class FileCheckpointStore implements CheckpointStore {
  private loading: Promise<Map<string, string>> | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(readonly path: string) {}

  // One load shared by every caller, so concurrent first calls see the same map.
  private load(): Promise<Map<string, string>> {
    return (this.loading ??= this.read());
  }

  private async read(): Promise<Map<string, string>> {
    let raw: string | undefined;
    try {
      raw = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    const entries = parsed && typeof parsed === 'object' ? Object.entries(parsed) : [];
    return new Map(entries.filter((e): e is [string, string] => typeof e[1] === 'string'));
  }

  async get(key: string) {
    return (await this.load()).get(key);
  }

  async set(key: string, value: string) {
    const values = await this.load();
    values.set(key, value);
    const snapshot = JSON.stringify(Object.fromEntries(values), null, 2);
    this.writing = this.writing.then(async () => {
      await mkdir(dirname(this.path), { recursive: true });
      const tmp = `${this.path}.${process.pid}.tmp`;
      await writeFile(tmp, snapshot);
      await rename(tmp, this.path);
    });
    await this.writing;
  }
}
