import type { Logger } from '../../lib/logger';
import { createIngress, type Ingress, type WebhookRoute } from './ingress';
import { WebhookQueue, type WebhookJob } from './queue';

/**
 * A connector's webhook intake: its queue (worker started), its route on the ingress, and the
 * ingress itself, either shared (its owner listens and closes it) or the connector's own on
 * `host:port`. Shutting down takes two steps because connectors stop their polls in between:
 * `closeIngress()` first, so no new deliveries arrive, and `drain()` once nothing else enqueues.
 */

export interface WebhookIntakeOptions<R extends WebhookRoute> {
  /** A shared ingress to add the route to; without one the intake runs its own. */
  ingress?: Ingress | undefined;
  host: string;
  port: number;
  logger: Logger;
  /** Names the vendor in logs, e.g. `Shopify`. */
  source: string;
  handle(job: WebhookJob): Promise<void>;
  /** Webhooks handled at once (WebhookQueue's `concurrency`); 1, in arrival order, by default. */
  concurrency?: number;
  /** The vendor's route, enqueueing into the intake's queue. */
  route(queue: WebhookQueue): R;
  /** Lets go of what the caller holds (its producer) when the own ingress cannot listen. */
  onListenError?: () => Promise<void>;
}

export interface WebhookIntake<R extends WebhookRoute> {
  ingress: Ingress;
  queue: WebhookQueue;
  route: R;
  /** Stops taking deliveries: closes the ingress if the intake owns it (else its owner does). */
  closeIngress(): Promise<void>;
  /** Finishes what the queue accepted, then ends its worker; later deliveries get a 503. */
  drain(): Promise<void>;
}

export async function openWebhookIntake<R extends WebhookRoute>(
  options: WebhookIntakeOptions<R>,
): Promise<WebhookIntake<R>> {
  const { logger } = options;
  const queue = new WebhookQueue({
    handle: options.handle,
    logger,
    source: options.source,
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
  });
  queue.start();
  const route = options.route(queue);
  const owned = !options.ingress;
  const ingress =
    options.ingress ?? createIngress({ host: options.host, port: options.port, logger });
  ingress.add(route);
  if (owned) {
    try {
      await ingress.listen();
    } catch (error) {
      await queue.stop();
      await options.onListenError?.();
      throw error;
    }
  }
  return {
    ingress,
    queue,
    route,
    async closeIngress() {
      if (owned) await ingress.close();
    },
    drain: () => queue.stop(),
  };
}
