import { PlexusError } from '../../lib/errors';

/**
 * A failed HubSpot call. `retriable` marks the SECONDLY 429, 5xx and network failures (a DAILY
 * 429 is not: waiting hours is the operator's decision); `retryAfterMs` is what HubSpot asked for.
 */
export class HubSpotApiError extends PlexusError {
  constructor(
    message: string,
    readonly details: {
      code: string;
      status?: number;
      retriable: boolean;
      retryAfterMs?: number;
      /** HubSpot's `category` or 429 `policyName`, never the whole body (it may echo input). */
      category?: string;
      cause?: unknown;
    },
  ) {
    super(message, { code: details.code, retriable: details.retriable, cause: details.cause });
  }
  get status() {
    return this.details.status;
  }
}
