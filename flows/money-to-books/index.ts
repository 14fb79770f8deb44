import type { Ref } from '../../connectors/quickbooks/vendor';
import type { QboWriter } from '../../connectors/quickbooks/writes';
import type { ShopifyPaymentsReader } from '../../connectors/shopify/payments';
import { TransientError, type Flow, type FlowContext, type FlowOutcome } from '../flow';
import { Books, type Written } from './books';
import {
  depositDecision,
  paymentBody,
  refundDecision,
  requestIdOf,
  saleDecision,
  type Decision,
} from './decide';
import { orderIdOfRefund, readBuyer, readOrder, type StoredOrder } from './read';
import { defaultMoneyToBooksSettings, type MoneyToBooksSettings } from './settings';

export { PayoutPoller } from './payouts';
export { defaultMoneyToBooksSettings, type MoneyToBooksSettings } from './settings';

/**
 * money → books (issue 12, flow 4). Keys: `order:<id>` (a paid order → one sales receipt, or an
 * invoice and its payment), `refund:<id>` (→ a refund receipt or credit memo) and
 * `payout:<Shopify payout id>` (→ one deposit, net to the cent; the PayoutPoller queues these).
 * Exactly once: the ledger's sourceVersion short-cuts replays and echoes, a look-up by DocNumber
 * (or memo) before every create heals a crash, and a requestid from key + version heals a lost
 * answer.
 */
export interface MoneyToBooksOptions {
  qbo: QboWriter;
  payments: ShopifyPaymentsReader;
  settings?: Partial<MoneyToBooksSettings>;
}

/**
 * A record the store will hold in a moment (its event is on its way): looked at again within
 * seconds, not after the runner's backoff for a failing vendor, which reaches minutes. No change
 * of the buyer runs the order's key again, so the backoff alone would hold a receipt back for
 * minutes after its buyer arrived.
 */
class NotInStoreYet extends TransientError {
  readonly retryAfterMs: number;
  constructor(message: string, attempts: number) {
    super(message);
    this.retryAfterMs = Math.min(STORE_WAIT_MAX_MS, 500 * 2 ** attempts);
  }
}
const STORE_WAIT_MAX_MS = 10_000;

export function createMoneyToBooksFlow(options: MoneyToBooksOptions): Flow {
  const settings = { ...defaultMoneyToBooksSettings, ...options.settings };
  const books = new Books(options.qbo, settings);

  async function customerOf(order: StoredOrder, ctx: FlowContext, need: boolean) {
    const buyer = await readBuyer(ctx.em, order);
    if (order.customerSourceId && !buyer) {
      throw new NotInStoreYet(
        `the buyer of ${order.name} is not in the store yet`,
        ctx.previous?.attempts ?? 0,
      );
    }
    if (buyer?.accountingId) return { value: buyer.accountingId } satisfies Ref;
    if (buyer) return books.customerFor(buyer, ctx.signal);
    if (!need) return undefined;
    return books.customerFor({ shopifyId: 'guest', name: 'Guest', email: null }, ctx.signal);
  }

  async function apply(
    decision: Decision,
    key: string,
    ctx: FlowContext,
    after?: (written: Written, decision: Extract<Decision, { kind: 'write' }>) => Promise<void>,
  ): Promise<FlowOutcome> {
    if (decision.kind === 'skip') return { state: 'skipped', reason: decision.reason };
    if (decision.kind === 'park') return { state: 'parked', reason: decision.reason };
    const previous = ctx.previous;
    if (previous?.state === 'done' && previous.sourceVersion === decision.sourceVersion) {
      return { state: 'unchanged', sourceVersion: decision.sourceVersion };
    }
    const written = await books.write(decision, key, ctx.signal);
    await after?.(written, decision);
    ctx.logger.debug(
      { entity: decision.entity, id: written.id, unchanged: written.unchanged },
      'books in line',
    );
    return {
      state: 'done',
      targetId: `${decision.entity}:${written.id}`,
      sourceVersion: decision.sourceVersion,
    };
  }

  async function syncOrder(key: string, id: string, ctx: FlowContext): Promise<FlowOutcome> {
    const order = await readOrder(ctx.em, id);
    if (!order) return { state: 'skipped', reason: 'the order is gone' };
    const probe = saleDecision(order, emptyItems, undefined, settings);
    if (probe.kind === 'skip') return { state: 'skipped', reason: probe.reason };
    const invoice = settings.sales === 'invoice-and-payment';
    const customer = await customerOf(order, ctx, invoice);
    const items = await books.itemRefs(skusOf(order), ctx.signal);
    const decision = saleDecision(order, items, customer, settings);
    return apply(decision, key, ctx, async (written, d) => {
      if (!invoice || !customer) return;
      // The invoice is paid in full at once; a Balance of 0 means the payment is there already.
      const balance = written.record.Balance;
      if (typeof balance === 'number' && balance === 0) return;
      await books.createOnce(
        'Payment',
        paymentBody(written.id, customer, d.total, String(d.body.TxnDate), settings),
        requestIdOf(key, d.sourceVersion, 'payment'),
        ctx.signal,
      );
    });
  }

  async function syncRefund(key: string, id: string, ctx: FlowContext): Promise<FlowOutcome> {
    const orderId = await orderIdOfRefund(ctx.em, id);
    const order = orderId ? await readOrder(ctx.em, orderId) : undefined;
    const refund = order?.refunds.find((r) => r.id === id);
    if (!order || !refund) return { state: 'skipped', reason: 'the refund is gone' };
    const memo = settings.refunds === 'credit-memo';
    const customer = await customerOf(order, ctx, memo);
    const items = await books.itemRefs(skusOf(order), ctx.signal);
    // A refund waits for its sale: the books never hold money back for a sale they do not hold.
    const sale = saleDecision(order, items, customer, settings);
    if (sale.kind === 'park') {
      return { state: 'parked', reason: `the sale of ${order.name} waits: ${sale.reason}` };
    }
    return apply(refundDecision(order, refund, items, customer, settings), key, ctx);
  }

  async function syncPayout(key: string, legacyId: string, ctx: FlowContext) {
    const payout = await options.payments.payout(legacyId, ctx.signal);
    if (!payout) return { state: 'skipped' as const, reason: `Shopify has no payout ${legacyId}` };
    const transactions = await options.payments.transactionsOf(legacyId, ctx.signal);
    const decision = depositDecision(
      {
        legacyId,
        issuedAt: payout.issuedAt,
        status: payout.status,
        net: payout.net.amount,
        currency: payout.net.currencyCode,
        transactions: transactions.map((t) => ({
          type: t.type,
          amount: t.amount.amount,
          fee: t.fee.amount,
          orderName: t.associatedOrder?.name ?? null,
          adjustmentReason: t.adjustmentReason ?? null,
        })),
      },
      settings,
    );
    return apply(decision, key, ctx);
  }

  return {
    name: 'money-to-books',
    triggers: ['order'],
    keysFor(_entity, record) {
      const keys = [`order:${String(record.id)}`];
      const refunds = record.refunds;
      if (Array.isArray(refunds)) {
        for (const r of refunds as { id?: unknown }[]) {
          if (typeof r.id === 'string') keys.push(`refund:${r.id}`);
        }
      }
      return keys;
    },
    async sync(key, ctx) {
      const [kind, id] = splitKey(key);
      if (kind === 'order') return syncOrder(key, id, ctx);
      if (kind === 'refund') return syncRefund(key, id, ctx);
      if (kind === 'payout') return syncPayout(key, id, ctx);
      return { state: 'skipped', reason: `not a money-to-books key: ${key}` };
    },
  };
}

const skusOf = (order: StoredOrder) => order.lines.flatMap((l) => (l.sku ? [l.sku] : []));

const emptyItems = { bySku: new Map<string, Ref>(), shipping: undefined, refund: undefined };

function splitKey(key: string): [string, string] {
  const at = key.indexOf(':');
  return at < 0 ? [key, ''] : [key.slice(0, at), key.slice(at + 1)];
}
