import { HttpApiError, type HttpApiErrorDetails } from '../common/http';

/**
 * A failed HubSpot call. `retriable` marks the SECONDLY 429, 5xx and network failures (a DAILY
 * 429 is not: waiting hours is the operator's decision); `retryAfterMs` is what HubSpot asked for.
 * It keeps HubSpot's `category` (or 429 `policyName`), never the body: that may echo input.
 */
export class HubSpotApiError extends HttpApiError {
  readonly category: string | undefined;

  constructor(
    message: string,
    { category, ...details }: Omit<HttpApiErrorDetails, 'body'> & { category?: string },
  ) {
    super(message, details);
    this.category = category;
  }
}
