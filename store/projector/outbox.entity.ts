import type { OptionalProps } from '@mikro-orm/core';
import { EntitySchema } from '@mikro-orm/core';
import { SerialIdType, text, timestamp } from '../common/columns';

/**
 * Canonical change messages written in the projector's transaction and published afterwards by the
 * outbox relay, so a change is announced if and only if it was stored. Ids rise in commit order
 * within one writer; the relay reads them in id order.
 */
export interface Outbox {
  [OptionalProps]?: 'id' | 'createdAt';
  id: number;
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
  createdAt: Date;
}

export const Outbox = new EntitySchema<Outbox>({
  name: 'Outbox',
  tableName: 'outbox',
  properties: {
    id: { type: new SerialIdType(), primary: true, autoincrement: true },
    topic: text(),
    key: text(),
    value: text(),
    headers: { type: 'json' },
    createdAt: { ...timestamp(), onCreate: () => new Date() },
  },
});
