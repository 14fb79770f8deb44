// Opaque cursors: base64 of a small JSON object, so clients cannot rely on their shape while the
// sandbox can still resume a page exactly after the last row it returned.
export function encodeCursor(value: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64');
}

/** Returns undefined for anything that is not a cursor we issued, so callers can answer 400-ish. */
export function decodeCursor(cursor: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
