/**
 * One error base for the whole project. `retriable` tells a caller (projector, connector, relay)
 * whether waiting and trying again can help; `cause` keeps the underlying failure for the logs.
 */
export class PlexusError extends Error {
  readonly retriable: boolean;
  readonly code: string;

  constructor(message: string, options: { code: string; retriable?: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.retriable = options.retriable ?? false;
  }
}

/** Configuration that cannot be used; lists every bad key at once. */
export class ConfigError extends PlexusError {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`, {
      code: 'CONFIG_INVALID',
    });
  }
}

/** Input from outside (an event, a webhook, a request) that does not match its schema. */
export class ValidationError extends PlexusError {
  constructor(
    message: string,
    readonly details: string[] = [],
  ) {
    super(details.length ? `${message}: ${details.join('; ')}` : message, {
      code: 'VALIDATION_FAILED',
    });
  }
}

/** A failure of infrastructure (database, broker, network) that a retry may cure. */
export class TransientError extends PlexusError {
  constructor(message: string, cause?: unknown) {
    super(message, { code: 'TRANSIENT', retriable: true, cause });
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
