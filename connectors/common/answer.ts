import { PlexusError } from '../../lib/errors';

/**
 * Reading a vendor's answer. A 200 whose body is an HTML page or cut-off JSON is a vendor fault
 * (a proxy's error page, a dropped connection), as retriable as a 503; the error keeps a short
 * excerpt of what came back, for the log line that says what the vendor answered.
 */

const EXCERPT = 160;

/** The start of a body on one line, short enough for a log line. */
export function excerpt(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > EXCERPT ? `${line.slice(0, EXCERPT)}…` : line;
}

export interface HttpApiErrorDetails {
  code: string;
  status?: number;
  retriable: boolean;
  retryAfterMs?: number;
  /** The parsed body of an error answer (JSON, else its text). */
  body?: unknown;
  /** The first characters of the answer, for logs. */
  excerpt?: string;
  cause?: unknown;
}

/** A vendor call that failed: its status, whether to retry, and what the vendor said. */
export class HttpApiError extends PlexusError {
  constructor(
    message: string,
    readonly details: HttpApiErrorDetails,
  ) {
    super(message, { code: details.code, retriable: details.retriable, cause: details.cause });
  }
  get status() {
    return this.details.status;
  }
  get body() {
    return this.details.body;
  }
  get retryAfterMs() {
    return this.details.retryAfterMs;
  }
}

/** The body of a successful answer as JSON (undefined when empty); anything else is retriable. */
export function parseJsonAnswer(vendor: string, status: number, text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    const truncated = /^\s*[[{]/.test(text);
    throw new HttpApiError(
      `${vendor} answered HTTP ${status} with ${truncated ? 'truncated JSON' : 'something other than JSON'}`,
      { code: 'BAD_ANSWER', status, retriable: true, excerpt: excerpt(text), cause },
    );
  }
}

/** The body of an error answer: JSON when it parses, else the text. */
export function parseErrorBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
