import { z } from 'zod';
import { errorMessage } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import type { ShopifyClient } from './client';
import {
  WEBHOOK_SUBSCRIPTION_CREATE,
  WEBHOOK_SUBSCRIPTION_DELETE,
  WEBHOOK_SUBSCRIPTION_UPDATE,
  WEBHOOK_SUBSCRIPTIONS_QUERY,
} from './documents';
import { ShopifyApiError } from './errors';
import type { WebhookTopic } from './topics';

/**
 * The connector's webhook subscriptions, one per topic it maps, all to its webhook address. The
 * connector owns exactly the subscriptions whose callback URL is that address: each pass lists
 * those, keeps the ones it needs, brings back to plain JSON any that were changed by hand (format,
 * includeFields, filter: the mapping needs whole bodies), deletes the ones for topics it no
 * longer maps and creates the missing ones. A pass changes nothing when all is in order, so it
 * runs at start and then periodically: Shopify removes a subscription whose deliveries keep
 * failing, and the next pass puts it back. Stopping the connector leaves the subscriptions in
 * place, so Shopify keeps retrying what it could not deliver.
 */

const userErrors = z.array(z.object({ field: z.array(z.string()).nullish(), message: z.string() }));

const subscriptionSchema = z.object({
  id: z.string().min(1),
  topic: z.string(),
  format: z.string(),
  includeFields: z.array(z.string()),
  filter: z.string().nullish(),
  endpoint: z.object({ __typename: z.string(), callbackUrl: z.string().optional() }),
});
type Subscription = z.infer<typeof subscriptionSchema>;

const listSchema = z.object({
  webhookSubscriptions: z.object({
    nodes: z.array(subscriptionSchema),
    pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }),
  }),
});
const createSchema = z.object({
  webhookSubscriptionCreate: z.object({
    webhookSubscription: subscriptionSchema.nullable(),
    userErrors,
  }),
});
const updateSchema = z.object({
  webhookSubscriptionUpdate: z.object({
    webhookSubscription: subscriptionSchema.nullable(),
    userErrors,
  }),
});
const deleteSchema = z.object({
  webhookSubscriptionDelete: z.object({
    deletedWebhookSubscriptionId: z.string().nullable(),
    userErrors,
  }),
});

export interface SubscriptionOptions {
  client: ShopifyClient;
  logger: Logger;
  topics: readonly WebhookTopic[];
  /** `https://…/webhooks/shopify`: the address Shopify posts to, and the mark of ownership. */
  callbackUrl: string;
  /** Pause between passes (default one hour); a failed pass is tried again within a minute. */
  intervalMs?: number;
}

export interface SubscriptionStats {
  created: number;
  updated: number;
  deleted: number;
  failed: number;
  /** Topics subscribed after the last pass. */
  active: number;
}

const PLAIN = { format: 'JSON', includeFields: [], filter: '' } as const;

/** A subscription as the mapping needs it: whole JSON bodies, unfiltered. */
const isPlain = (s: Subscription) => s.format === 'JSON' && !s.includeFields.length && !s.filter;

function parsed<S extends z.ZodType>(schema: S, data: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  throw new ShopifyApiError(`unexpected ${what} answer: ${result.error.issues[0]?.message}`, {
    code: 'SHOPIFY_INVALID_NODE',
    retriable: false,
  });
}

const describeErrors = (errors: z.infer<typeof userErrors>) =>
  errors.map((e) => `${e.field?.join('.') ?? ''}: ${e.message}`).join('; ');

export class WebhookSubscriptions {
  private readonly counts = { created: 0, updated: 0, deleted: 0, failed: 0 };
  private active = 0;
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<unknown> = Promise.resolve();
  private stopped = false;
  /** Topics (and `list`) failing now: each failure is logged when it starts and when it ends. */
  private readonly failing = new Set<string>();

  constructor(private readonly options: SubscriptionOptions) {}

  get stats(): SubscriptionStats {
    return { ...this.counts, active: this.active };
  }

  /** One pass now, after any pass already running (passes never overlap). */
  ensure(): Promise<SubscriptionStats> {
    const next = this.pass.then(() => this.reconcile());
    this.pass = next.catch(() => undefined);
    return next;
  }

  /** The first pass in the background, then one every `intervalMs` until stop(). */
  start(): void {
    this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.pass;
  }

  private run(): void {
    if (this.stopped) return;
    let retrySoon = false;
    this.ensure()
      .then((stats) => {
        retrySoon = stats.active < this.options.topics.length;
      })
      .catch((error: unknown) => {
        retrySoon = true;
        this.counts.failed += 1;
        this.failed('list', error, 'Shopify webhook subscriptions could not be checked');
      })
      .finally(() => {
        if (this.stopped) return;
        const delay = retrySoon ? 60_000 : (this.options.intervalMs ?? 3_600_000);
        this.timer = setTimeout(() => this.run(), delay);
        this.timer.unref();
      });
  }

  private async reconcile(): Promise<SubscriptionStats> {
    const wanted = new Set<string>(this.options.topics);
    const kept = new Set<string>();
    const owned = await this.listOwned();
    this.recovered('list');
    for (const s of owned) {
      if (!wanted.has(s.topic) || kept.has(s.topic)) {
        await this.attempt(s.topic, () => this.remove(s));
      } else if (isPlain(s) || (await this.attempt(s.topic, () => this.makePlain(s)))) {
        kept.add(s.topic);
      }
    }
    for (const topic of wanted) {
      if (!kept.has(topic) && (await this.attempt(topic, () => this.create(topic)))) {
        kept.add(topic);
      }
    }
    this.active = kept.size;
    return this.stats;
  }

  private async listOwned(): Promise<Subscription[]> {
    const { client, callbackUrl } = this.options;
    const owned: Subscription[] = [];
    let after: string | null = null;
    do {
      const page: z.infer<typeof listSchema>['webhookSubscriptions'] = parsed(
        listSchema,
        await client.request<unknown>(WEBHOOK_SUBSCRIPTIONS_QUERY, {
          callbackUrl,
          first: 100,
          after,
        }),
        'webhookSubscriptions',
      ).webhookSubscriptions;
      // The filter is the server's; ownership is checked here too, on the exact address.
      owned.push(...page.nodes.filter((s) => s.endpoint.callbackUrl === callbackUrl));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    return owned;
  }

  /** Runs one change; a failure is counted and logged, and the other topics go on. */
  private async attempt(topic: string, work: () => Promise<void>): Promise<boolean> {
    try {
      await work();
      this.recovered(topic);
      return true;
    } catch (error) {
      this.counts.failed += 1;
      this.failed(topic, error, 'Shopify webhook subscription could not be changed');
      return false;
    }
  }

  private failed(key: string, error: unknown, message: string): void {
    const level = this.failing.has(key) ? 'debug' : 'error';
    this.failing.add(key);
    this.options.logger[level]({ topic: key, err: errorMessage(error) }, message);
  }

  private recovered(key: string): void {
    if (this.failing.delete(key)) {
      this.options.logger.info({ topic: key }, 'Shopify webhook subscriptions work again');
    }
  }

  private async create(topic: string): Promise<void> {
    const { client, callbackUrl } = this.options;
    const answer = parsed(
      createSchema,
      await client.request<unknown>(WEBHOOK_SUBSCRIPTION_CREATE, {
        topic,
        webhookSubscription: { callbackUrl, format: 'JSON' },
      }),
      'webhookSubscriptionCreate',
    ).webhookSubscriptionCreate;
    if (answer.userErrors.length || !answer.webhookSubscription) {
      throw new ShopifyApiError(`refused: ${describeErrors(answer.userErrors)}`, {
        code: 'SHOPIFY_USER_ERROR',
      });
    }
    this.counts.created += 1;
    this.options.logger.info({ topic }, 'Shopify webhook subscription created');
  }

  /** Updates in place; where Shopify refuses the update, deletes and creates the topic again. */
  private async makePlain(s: Subscription): Promise<void> {
    const { client, callbackUrl } = this.options;
    const answer = parsed(
      updateSchema,
      await client.request<unknown>(WEBHOOK_SUBSCRIPTION_UPDATE, {
        id: s.id,
        webhookSubscription: { callbackUrl, ...PLAIN },
      }),
      'webhookSubscriptionUpdate',
    ).webhookSubscriptionUpdate;
    if (answer.webhookSubscription && !answer.userErrors.length) {
      this.counts.updated += 1;
      this.options.logger.warn(
        { topic: s.topic, format: s.format, includeFields: s.includeFields, filter: s.filter },
        'Shopify webhook subscription was changed outside Plexus; set back to plain JSON',
      );
      return;
    }
    await this.remove(s);
    await this.create(s.topic);
  }

  private async remove(s: Subscription): Promise<void> {
    const answer = parsed(
      deleteSchema,
      await this.options.client.request<unknown>(WEBHOOK_SUBSCRIPTION_DELETE, { id: s.id }),
      'webhookSubscriptionDelete',
    ).webhookSubscriptionDelete;
    if (answer.userErrors.length) {
      throw new ShopifyApiError(`delete refused: ${describeErrors(answer.userErrors)}`, {
        code: 'SHOPIFY_USER_ERROR',
      });
    }
    this.counts.deleted += 1;
    this.options.logger.info({ topic: s.topic }, 'Shopify webhook subscription removed');
  }
}
