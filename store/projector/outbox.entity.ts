import type { OptionalProps } from '@mikro-orm/core';
import { EntitySchema } from '@mikro-orm/core';
import { SerialIdType, text, timestamp } from '../common/columns';

/**
 * The canonical changes of one projector transaction, written in that transaction and
 * published afterwards by the outbox relay, so a change is announced if and only if it was stored.
 * One row per transaction, not per message: the rows live for milliseconds, and a row per message
 * cost the projector about as much as everything else it writes.
 */
export interface Outbox {
  [OptionalProps]?: 'id' | 'createdAt';
  id: number;
  /**
   * A JSON array of `[entity, id, op, version]`: the records the transaction changed, from which a
   * batch nobody sent is rebuilt (see streams/outbox/batch.ts). Rows from before that hold
   * `{ topic, key, value }`, the message in full.
   */
  messages: string;
  createdAt: Date;
}

export const Outbox = new EntitySchema<Outbox>({
  name: 'Outbox',
  tableName: 'outbox',
  properties: {
    id: { type: new SerialIdType(), primary: true, autoincrement: true },
    messages: text(),
    createdAt: { ...timestamp(), onCreate: () => new Date() },
  },
});
