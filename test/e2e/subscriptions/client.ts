// A real graphql-ws client, and a subscriber that records what it receives.
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { waitFor } from '../../helpers/kafka';

export interface Received {
  data?: Record<string, unknown> | null;
  errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
}

export interface Subscriber {
  received: Received[];
  /** Errors of the subscription itself (refused, or its connection closed). */
  failure: unknown;
  /** Resolves once `count` events have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<Received[]>;
  stop(): void;
}

/** A graphql-ws client authenticating with `credential` as HTTP callers do. */
export function wsClient(
  url: string,
  credential: string | undefined,
  onClose?: (event: { code: number; reason: string }) => void,
): Client {
  return createClient({
    url,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    connectionParams: credential ? { Authorization: `Bearer ${credential}` } : {},
    on: {
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        onClose?.({ code, reason: String(reason) });
      },
    },
  });
}

export function subscribe(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
): Subscriber {
  const received: Received[] = [];
  const subscriber: Subscriber = {
    received,
    failure: undefined,
    async waitFor(count, timeoutMs = 60_000) {
      await waitFor(() => received.length >= count || subscriber.failure !== undefined, {
        timeoutMs,
        intervalMs: 20,
      });
      if (received.length < count)
        throw new Error(`subscription failed: ${String(subscriber.failure)}`);
      return received;
    },
    stop: () => undefined,
  };
  subscriber.stop = client.subscribe<Record<string, unknown>>(
    { query, variables },
    {
      next: (result) => received.push(result as Received),
      error: (error) => {
        subscriber.failure = error instanceof Error ? error : JSON.stringify(error);
      },
      complete: () => undefined,
    },
  );
  return subscriber;
}
