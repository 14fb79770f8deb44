import { describe, expect, it } from 'vitest';
import { HttpApiError } from '../common/http';
import { toApiError } from './client';
import { HubSpotApiError } from './errors';

describe('HubSpotApiError', () => {
  it('is an HttpApiError that keeps the category and status, not the body', () => {
    const error = toApiError(
      { code: 429, body: { policyName: 'DAILY', message: 'echo of input' }, headers: {} },
      0,
    );
    expect(error).toBeInstanceOf(HubSpotApiError);
    expect(error).toBeInstanceOf(HttpApiError);
    expect(error).toMatchObject({ status: 429, category: 'DAILY', retriable: false });
    expect(error.body).toBeUndefined();
  });

  it('marks a SECONDLY 429 retriable after what HubSpot asked for', () => {
    const error = toApiError(
      {
        code: 429,
        body: { policyName: 'SECONDLY' },
        headers: { 'x-hubspot-ratelimit-interval-milliseconds': '2500' },
      },
      0,
    );
    expect(error).toMatchObject({ retriable: true, category: 'SECONDLY', code: 'HTTP_429' });
    expect(error.details.retryAfterMs).toBe(2_500);
  });
});
