import type { Orm } from '../orm';
import { ConnectorCheckpoint } from './connector-checkpoint.entity';

export interface CheckpointRow {
  source: string;
  key: string;
  value: string;
}

/** A namespace's connector checkpoints in the store: read whole per source, written in batches. */
export class StoredCheckpoints {
  constructor(
    private readonly orm: Orm,
    readonly namespace: string,
  ) {}

  async read(source: string): Promise<Map<string, string>> {
    const rows = await this.orm.em
      .fork()
      .find(ConnectorCheckpoint, { namespace: this.namespace, source });
    return new Map(rows.map((row) => [row.key, row.value]));
  }

  /** One transaction: every row, or none. */
  async write(rows: CheckpointRow[]): Promise<void> {
    if (rows.length === 0) return;
    const now = new Date();
    await this.orm.em.fork().transactional(async (em) => {
      await em.upsertMany(
        ConnectorCheckpoint,
        rows.map((row) => ({ namespace: this.namespace, ...row, updatedAt: now })),
      );
    });
  }
}
