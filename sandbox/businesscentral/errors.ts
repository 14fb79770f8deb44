import { randomUUID } from 'node:crypto';

// Business Central's error body: `{error: {code, message}}`, the message ending in a correlation
// id as the service appends one.
export function bcError(code: string, message: string) {
  return { error: { code, message: `${message}  CorrelationId:  ${randomUUID()}.` } };
}

/** Bodies for the knobs' injected failures. */
export function bcErrorBody(status: number) {
  if (status === 429) return { body: tooManyRequests(0, 0) };
  if (status === 412) return { body: entityChanged() };
  if (status === 503) {
    return {
      body: bcError('ServiceUnavailable', 'The service is temporarily unavailable.'),
    };
  }
  if (status === 504) return { body: bcError('GatewayTimeout', 'The operation has timed out.') };
  return { body: bcError('InternalServerError', 'An unexpected error occurred.') };
}

export function tooManyRequests(actual: number, maximum: number) {
  return bcError(
    'Application_TooManyRequests',
    `Too many requests reached.  Actual (${actual}).  Maximum (${maximum}).`,
  );
}

/** A conditional write whose `If-Match` etag is no longer the record's. */
export const entityChanged = () =>
  bcError(
    'Request_EntityChanged',
    'Another user has already changed the record. Reload the record and try again.',
  );

export const notFound = () =>
  bcError('BadRequest_NotFound', 'The specified resource does not exist.');
