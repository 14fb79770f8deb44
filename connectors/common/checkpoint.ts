import type { CheckpointStore } from '../../streams/checkpoints/checkpoint-store';

export type { CheckpointStore };

/**
 * Checkpoints that die with the process: tests, and the demo, whose sandboxes are seeded anew on
 * every start. Durable checkpoints live with what they cover (streams/checkpoints): in the store
 * in the embedded mode, in a topic of the namespace with Kafka.
 */
export class MemoryCheckpointStore implements CheckpointStore {
  readonly values = new Map<string, string>();
  async get(key: string) {
    return this.values.get(key);
  }
  async set(key: string, value: string) {
    this.values.set(key, value);
  }
}
