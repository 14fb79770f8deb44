/**
 * Retry-After is in seconds (or an HTTP date). @shopify/admin-api-client reads the seconds as
 * milliseconds (shopify-app-js #3364), which is why the connector retries by itself.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now = Date.now(),
): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
