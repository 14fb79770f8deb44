import { describe, expect, it } from 'vitest';
import { SeenIds } from '../common/dedupe';
import { signWebhook, validateWebhook } from './webhook';

const body = Buffer.from('{"id":1}');
const headers = (hmac: string | undefined) => ({
  'x-shopify-hmac-sha256': hmac,
  'x-shopify-topic': 'customers/update',
  'x-shopify-event-id': 'evt-1',
  'x-shopify-triggered-at': '2024-06-01T12:00:00.123Z',
});

describe('webhook verification', () => {
  it('accepts the HMAC of the raw body under any configured secret', () => {
    for (const secret of ['old', 'new']) {
      const result = validateWebhook(body, headers(signWebhook(body, secret)), ['new', 'old']);
      expect(result).toMatchObject({ valid: true, topic: 'customers/update', eventId: 'evt-1' });
      expect(result.valid && result.triggeredAt?.getTime()).toBe(
        Date.parse('2024-06-01T12:00:00.123Z'),
      );
    }
  });

  it('rejects with a reason: forged, missing, truncated, re-serialised body', () => {
    expect(validateWebhook(body, headers(signWebhook(body, 'other')), ['new'])).toEqual({
      valid: false,
      reason: 'invalid_hmac',
    });
    expect(validateWebhook(body, headers(undefined), ['new'])).toEqual({
      valid: false,
      reason: 'missing_hmac',
    });
    expect(validateWebhook(body, headers('c2hvcnQ='), ['new'])).toEqual({
      valid: false,
      reason: 'invalid_hmac',
    });
    const reformatted = Buffer.from('{ "id": 1 }');
    expect(validateWebhook(reformatted, headers(signWebhook(body, 'new')), ['new'])).toMatchObject({
      valid: false,
    });
  });
});

describe('SeenIds', () => {
  it('remembers ids within the TTL and within capacity', () => {
    let t = 0;
    const seen = new SeenIds(2, 1000, () => t);
    expect(seen.checkAndAdd('a')).toBe(false);
    expect(seen.checkAndAdd('a')).toBe(true);
    seen.checkAndAdd('b');
    seen.checkAndAdd('c');
    expect(seen.size).toBe(2);
    expect(seen.checkAndAdd('a')).toBe(false); // evicted by capacity
    t = 5000;
    expect(seen.checkAndAdd('c')).toBe(false); // expired
  });
});
