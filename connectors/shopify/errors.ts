import { PlexusError } from '../../lib/errors';

/**
 * A failed Admin API call. `retriable` marks THROTTLED, 429, 5xx and network failures;
 * `retryAfterMs` carries what the server asked for (Retry-After, or the bucket's refill time).
 */
export class ShopifyApiError extends PlexusError {
  readonly retryAfterMs: number | undefined;
  readonly status: number | undefined;
  /** The first characters of an answer that was not what we asked for, for logs. */
  readonly excerpt: string | undefined;

  constructor(
    message: string,
    options: {
      code: string;
      retriable?: boolean;
      retryAfterMs?: number;
      status?: number;
      excerpt?: string;
      cause?: unknown;
    },
  ) {
    super(message, options);
    this.retryAfterMs = options.retryAfterMs;
    this.status = options.status;
    this.excerpt = options.excerpt;
  }
}

/** A bulk operation that ended without a result (FAILED, CANCELED, EXPIRED). */
export class BulkOperationError extends PlexusError {
  constructor(message: string, cause?: unknown) {
    super(message, { code: 'SHOPIFY_BULK_FAILED', retriable: false, cause });
  }
}
