// QBO serves times in the company's zone with an offset and whole seconds, e.g.
// "2025-03-01T10:33:39-08:00". The sandbox's company sits at a fixed -08:00 (no DST).
const offsetMs = -8 * 3_600_000;

export function qboTime(ms: number): string {
  return `${new Date(ms + offsetMs).toISOString().slice(0, 19)}-08:00`;
}

/** A transaction date (YYYY-MM-DD) in the company's zone. */
export function qboDate(ms: number): string {
  return new Date(ms + offsetMs).toISOString().slice(0, 10);
}
