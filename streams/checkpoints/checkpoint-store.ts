/**
 * Where backfills and polls remember how far they got, so that a restart resumes instead of
 * starting over. Values are small strings (a cursor, an instant, JSON). A connector calls `set`
 * only after the sends of the events the value covers have resolved; the implementations here
 * rely on that to keep a checkpoint from ever being ahead of what is durable.
 */
export interface CheckpointStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
}
