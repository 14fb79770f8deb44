import { randomUUID } from 'node:crypto';

// HubSpot's error body: `{status: "error", message, correlationId, category}` (+ `errorType` and
// `policyName` on a 429).
export function hubError(category: string, message: string, extra: Record<string, unknown> = {}) {
  return { status: 'error', message, correlationId: randomUUID(), category, ...extra };
}

export function rateLimitBody(policyName: 'SECONDLY' | 'DAILY', max: number) {
  const window = policyName === 'DAILY' ? 'daily limit' : `secondly limit (${max})`;
  return {
    status: 'error',
    message: `You have reached your ${window}.`,
    errorType: 'RATE_LIMIT',
    correlationId: randomUUID(),
    policyName,
    groupName: policyName === 'DAILY' ? 'daily' : 'secondly',
  };
}

export const invalidAuthentication = () =>
  hubError(
    'INVALID_AUTHENTICATION',
    'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
  );

/** Bodies for the knobs' injected failures. */
export function hubErrorBody(status: number) {
  if (status === 429) return { body: rateLimitBody('SECONDLY', 190) };
  if (status === 502 || status === 503 || status === 504) {
    return { body: hubError('SERVICE_UNAVAILABLE', 'Service temporarily unavailable') };
  }
  return { body: hubError('INTERNAL_ERROR', 'internal error') };
}
