import { pino } from 'pino';
import type { Logger } from '../../lib/logger';
import type { OutgoingMessage, Stream, StreamProducer } from '../../streams/stream';
import type { Clock } from '../../connectors/common/clock';
import type { ChangeEvent } from '../../schema/events';

/** Helpers for this folder's tests: a capturing producer, a fake clock, a quiet logger. */

export class CaptureProducer implements StreamProducer {
  readonly sent: { topic: string; message: OutgoingMessage }[] = [];
  async send(topic: string, messages: OutgoingMessage[]) {
    for (const message of messages) this.sent.push({ topic, message });
  }
  async disconnect() {}
  events(): (ChangeEvent & { topic: string })[] {
    return this.sent.map(({ topic, message }) => ({
      topic,
      ...(JSON.parse(message.value ?? 'null') as ChangeEvent),
    }));
  }
}

export function captureStream(
  producer = new CaptureProducer(),
): Stream & { captured: CaptureProducer } {
  return {
    kind: 'memory',
    captured: producer,
    producer: async () => producer,
    consumer: async () => {
      throw new Error('not used');
    },
    ensureTopics: async () => undefined,
    close: async () => undefined,
  };
}

/** Time moves only when someone sleeps (or the test advances it). */
export class FakeClock implements Clock {
  t = 1_000_000;
  readonly sleeps: number[] = [];
  now = () => this.t;
  sleep = async (ms: number, signal?: AbortSignal) => {
    signal?.throwIfAborted();
    this.sleeps.push(ms);
    this.t += ms;
  };
}

export const quietLogger = (): Logger => pino({ level: 'silent' });

export interface LogEntry {
  level: number;
  msg: string;
  [field: string]: unknown;
}

/** A logger that keeps every line it is given, parsed, for tests that assert what was logged. */
export function captureLogger(): Logger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const logger = pino(
    { level: 'debug' },
    { write: (line: string) => void entries.push(JSON.parse(line) as LogEntry) },
  );
  return Object.assign(logger, { entries });
}
