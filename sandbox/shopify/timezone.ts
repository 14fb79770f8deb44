// Shopify's REST payloads write instants in the shop's own offset (`2025-01-02T05:00:00-05:00`),
// where GraphQL writes UTC. The offset follows the zone's rules at that instant (DST included).
export function utcOffset(timeZone: string, at: number): string {
  const name = formatterOf(timeZone)
    .formatToParts(new Date(at))
    .find((p) => p.type === 'timeZoneName')?.value;
  const match = /GMT([+-]\d{2}:\d{2})/.exec(name ?? '');
  return match?.[1] ?? '+00:00';
}

// Building a formatter costs far more than using one, and every webhook payload writes several
// instants: one per zone, kept (a shop has one zone; tests a few).
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * An ISO instant rewritten in the zone's offset, as Shopify's REST writes it, but keeping the
 * milliseconds: the store's stamps differ by one millisecond when two changes share a second, and
 * a consumer ordering by `updated_at` must still see which came last.
 */
export function inZone(iso: string | null, timeZone: string): string | null {
  if (iso === null) return null;
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const offset = utcOffset(timeZone, at);
  const sign = offset.startsWith('-') ? -1 : 1;
  const minutes = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  const local = new Date(at + minutes * 60_000).toISOString().slice(0, 23);
  return `${local}${offset}`;
}
