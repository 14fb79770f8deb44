import type { Logger } from '../../lib/logger';
import { privacyRequests } from '../../lib/metrics';
import {
  DataRequestDone,
  PrivacyRequest,
  dataRequestTopic,
  privacyRequestTopic,
} from '../../schema/events';
import type { CustomerIdentity, Order } from '../../store/entities';
import { dialect, type Orm } from '../../store/orm';
import { decodeServiceMessage, encodeServiceMessage } from '../codec';
import type { OutboxBatch } from '../outbox/relay';
import { lockRedactions } from '../projector/sink/redactions';
import type { Bulk } from '../projector/sink/bulk';
import type { Stream, StreamConsumer } from '../stream';
import { auditItem } from './audit';
import { collectExport, recordCounts, writeExport } from './export';
import { tombstone, writeOutboxRow, type OutboxItem } from './outbox-row';
import { findPerson, personOf } from './person';
import { erasePerson } from './redact';

/**
 * Honours the privacy requests the ingress puts on `<namespace>.privacy.request.v1`: a data request
 * becomes an export file and an announcement, a redaction erases the person (or, for `shop/redact`,
 * every Shopify customer) from the store and tombstones their canonical keys. A request's offset
 * is committed only once it is done, and each step can run again without harm, so a crash at any
 * point resumes where it stopped. Once done, the request itself is tombstoned, so the email and
 * phone it carries leave the compacted topic too.
 */

export interface PrivacyWorkerOptions {
  stream: Stream;
  orm: Orm;
  namespace: string;
  groupId: string;
  exportsDir: string;
  logger: Logger;
  /** Told of each outbox row once committed: the relay's fast path. */
  onCommitted: (batch: OutboxBatch) => void;
  now?: () => Date;
}

// Shopify customers erased per transaction by a shop redaction.
const SHOP_CHUNK = 200;

export class PrivacyWorker {
  private consumer: StreamConsumer | undefined;
  private readonly now: () => Date;

  constructor(private readonly options: PrivacyWorkerOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async start(): Promise<void> {
    const { stream, namespace, groupId } = this.options;
    this.consumer = await stream.consumer(groupId);
    await this.consumer.subscribe([privacyRequestTopic(namespace)], { fromBeginning: true });
    await this.consumer.run({
      eachBatch: async (batch) => {
        for (const message of batch.messages) {
          // A tombstone of a request already honoured.
          if (message.value === null) continue;
          const decoded = decodeServiceMessage(PrivacyRequest, message.value);
          if (!decoded.ok) {
            // Validated when produced, so this is not ours; nothing can honour it.
            this.options.logger.error(
              { offset: message.offset, reason: decoded.reason },
              'privacy request unreadable; skipped',
            );
            privacyRequests.inc({ kind: 'unknown', outcome: 'invalid' });
            continue;
          }
          await this.honour(decoded.value);
        }
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }

  /** Does what the request asks; throws (and the stream retries it) on failure. */
  async honour(request: PrivacyRequest): Promise<void> {
    const { logger } = this.options;
    try {
      const summary =
        request.kind === 'data-request'
          ? await this.dataRequest(request)
          : request.kind === 'redact-customer'
            ? await this.redactCustomer(request)
            : await this.redactShop(request);
      privacyRequests.inc({ kind: request.kind, outcome: 'done' });
      logger.info(
        { request: request.id, kind: request.kind, ...summary },
        'privacy request honoured',
      );
    } catch (error) {
      privacyRequests.inc({ kind: request.kind, outcome: 'failed' });
      logger.warn(
        { err: error, request: request.id, kind: request.kind },
        'privacy request failed; will retry',
      );
      throw error;
    }
  }

  private transaction<T>(work: (bulk: Bulk) => Promise<T>): Promise<T> {
    const sqlDialect = dialect(this.options.orm);
    return this.options.orm.em.fork().transactional((em) => work({ em, dialect: sqlDialect }));
  }

  /** Commits an outbox row in `bulk`'s transaction and hands it over once that has committed. */
  private async publish(work: (bulk: Bulk) => Promise<OutboxItem[]>): Promise<void> {
    const now = this.now();
    const batch = await this.transaction(async (bulk) =>
      writeOutboxRow(bulk, await work(bulk), now),
    );
    if (batch) this.options.onCommitted(batch);
  }

  /** What closes every request: its audit entry, and the tombstone of the request itself. */
  private closing(
    request: PrivacyRequest,
    action: 'privacy.data-request' | 'privacy.redact-customer' | 'privacy.redact-shop',
    details: Record<string, string | number>,
  ): OutboxItem[] {
    const { namespace } = this.options;
    return [
      auditItem(
        namespace,
        { action, actor: `shopify:${request.shopDomain}`, subject: request.id, details },
        this.now(),
      ),
      tombstone(privacyRequestTopic(namespace), request.id),
    ];
  }

  private async dataRequest(request: PrivacyRequest): Promise<Record<string, unknown>> {
    const customer = request.customer;
    if (!customer) throw new Error(`data request ${request.id} names no customer`);
    const content = await this.transaction(async (bulk) =>
      collectExport(bulk, request, await findPerson(bulk, customer, request.orderIds), this.now()),
    );
    const file = await writeExport(this.options.exportsDir, content);
    const records = recordCounts(content);
    const done: DataRequestDone = {
      requestId: request.id,
      customerIds: content.customers.map((c) => (c as { id: string }).id),
      file,
      records,
      completedAt: this.now().toISOString(),
    };
    const announcement = encodeServiceMessage(DataRequestDone, request.id, done);
    await this.publish(async () => [
      { message: { topic: dataRequestTopic(this.options.namespace), ...announcement } },
      ...this.closing(request, 'privacy.data-request', {
        ...records,
        customers: done.customerIds.length,
      }),
    ]);
    return { file, records };
  }

  private async redactCustomer(request: PrivacyRequest): Promise<Record<string, unknown>> {
    const customer = request.customer;
    if (!customer) throw new Error(`redaction ${request.id} names no customer`);
    let counts: Record<string, number> = {};
    await this.publish(async (bulk) => {
      await lockRedactions(bulk, 'exclusive');
      const person = await findPerson(bulk, customer, request.orderIds);
      const erased = await erasePerson(bulk, person, {
        request,
        namespace: this.options.namespace,
        now: this.now(),
        shopifyCustomerIds: [customer.id],
        shopifyOrderIds: request.orderIds,
      });
      counts = {
        customers: erased.customers,
        identities: erased.identities,
        orders: erased.orders,
      };
      return [...erased.items, ...this.closing(request, 'privacy.redact-customer', counts)];
    });
    return counts;
  }

  /**
   * Every person with a Shopify identity, erased a chunk per transaction (a crash resumes with
   * those left), then every order's personal fields blanked.
   */
  private async redactShop(request: PrivacyRequest): Promise<Record<string, unknown>> {
    const counts = { customers: 0, identities: 0, orders: 0 };
    const add = (erased: { customers: number; identities: number; orders: number }) => {
      counts.customers += erased.customers;
      counts.identities += erased.identities;
      counts.orders += erased.orders;
    };
    const base = { request, namespace: this.options.namespace };
    for (let more = true; more;) {
      await this.publish(async (bulk) => {
        await lockRedactions(bulk, 'exclusive');
        const seeds = await bulk.em.find<CustomerIdentity>(
          'CustomerIdentity',
          { source: 'shopify' },
          { limit: SHOP_CHUNK, orderBy: { id: 'asc' } },
        );
        more = seeds.length === SHOP_CHUNK;
        if (seeds.length === 0) return [];
        const shopifyIds = seeds.map((s) => s.sourceId);
        const person = await personOf(bulk, seeds, shopifyIds, []);
        const erased = await erasePerson(bulk, person, {
          ...base,
          now: this.now(),
          shopifyCustomerIds: shopifyIds,
        });
        add(erased);
        return erased.items;
      });
    }
    for (let more = true; more;) {
      await this.publish(async (bulk) => {
        await lockRedactions(bulk, 'exclusive');
        const orders = await bulk.em.find<Order>(
          'Order',
          { email: { $ne: null } },
          { limit: SHOP_CHUNK, orderBy: { id: 'asc' } },
        );
        more = orders.length === SHOP_CHUNK;
        if (orders.length === 0) return [];
        const person = { customers: [], identities: [], orderIds: orders.map((o) => o.id) };
        const erased = await erasePerson(bulk, person, { ...base, now: this.now() });
        add(erased);
        return erased.items;
      });
    }
    await this.publish(async () => this.closing(request, 'privacy.redact-shop', counts));
    return counts;
  }
}
