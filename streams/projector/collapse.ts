import type { ChangeEvent } from '../../schema/events';

/**
 * Keeps one event per record: the highest version, ties broken by the larger eventId. Set-based
 * upserts cannot touch one row twice in a statement, and an older event in the same batch would
 * change nothing anyway. The tie-break makes the winner independent of arrival order.
 */
export function latestPerRecord(events: ChangeEvent[]): ChangeEvent[] {
  const latest = new Map<string, ChangeEvent>();
  for (const event of events) {
    const key = `${event.source}\u0000${event.entity}\u0000${event.sourceId}`;
    const current = latest.get(key);
    if (!current || isNewer(event, current)) latest.set(key, event);
  }
  return [...latest.values()];
}

export function isNewer(
  a: { version: number; eventId: string },
  b: { version: number; eventId: string },
): boolean {
  return a.version > b.version || (a.version === b.version && a.eventId > b.eventId);
}
