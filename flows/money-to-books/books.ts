import type { Ref } from '../../connectors/quickbooks/vendor';
import { quote } from '../../connectors/quickbooks/client';
import {
  QboFault,
  type QboWritable,
  type QboWriter,
  type QboWritten,
} from '../../connectors/quickbooks/writes';
import { normaliseSku } from '../../store/ids';
import { RefusedError, TransientError } from '../flow';
import { requestIdOf, type Decision, type ItemRefs } from './decide';
import type { MoneyToBooksSettings } from './settings';

/**
 * The QuickBooks side of the flow: finding items, customers and our own documents, and writing
 * exactly once. Every create is preceded by a look-up by DocNumber (or by memo, for deposits),
 * which heals a crash between QuickBooks' answer and the ledger's commit, and carries a requestid
 * from the flow key and source version, which heals a lost answer. Items are cached (they rarely
 * change); a miss is not, so a parked order finds an item added later.
 */

export interface Written {
  id: string;
  /** True when nothing was sent: the document already said what it should. */
  unchanged: boolean;
  record: QboWritten;
}

type Write = Extract<Decision, { kind: 'write' }>;

/** Duplicate DocNumber, duplicate name: a write of ours whose answer was lost, maybe. */
const HEALABLE = new Set(['6140', '6240']);

export class Books {
  private readonly items = new Map<string, Ref>();
  private readonly named = new Map<string, Ref>();

  constructor(
    private readonly qbo: QboWriter,
    private readonly settings: Pick<MoneyToBooksSettings, 'shippingItemName' | 'refundItemName'>,
  ) {}

  /** QuickBooks items for these SKUs (normalised), the shipping and the refund item. */
  async itemRefs(skus: readonly string[], signal?: AbortSignal): Promise<ItemRefs> {
    const wanted = [...new Set(skus.map(normaliseSku))].filter((s) => !this.items.has(s));
    for (let i = 0; i < wanted.length; i += 50) {
      const batch = wanted.slice(i, i + 50);
      const rows = await this.qbo.find('Item', `Sku in (${batch.map(quote).join(',')})`, signal);
      for (const row of rows) {
        const sku = typeof row.Sku === 'string' ? normaliseSku(row.Sku) : '';
        if (sku)
          this.items.set(sku, { value: row.Id, ...(row.Name ? { name: String(row.Name) } : {}) });
      }
    }
    return {
      bySku: this.items,
      shipping: await this.itemNamed(this.settings.shippingItemName, signal),
      refund: await this.itemNamed(this.settings.refundItemName, signal),
    };
  }

  private async itemNamed(name: string, signal?: AbortSignal): Promise<Ref | undefined> {
    const known = this.named.get(name);
    if (known) return known;
    const [row] = await this.qbo.find('Item', `Name = ${quote(name)}`, signal);
    if (!row) return undefined;
    const ref = { value: row.Id, name };
    this.named.set(name, ref);
    return ref;
  }

  /**
   * The QuickBooks customer for a person who has none yet, under a name derived from the Shopify
   * customer (QuickBooks wants display names unique): found by that name first, so a crash after
   * the create makes no second one.
   */
  async customerFor(
    person: { shopifyId: string; name: string; email: string | null },
    signal?: AbortSignal,
  ): Promise<Ref> {
    const displayName = `${person.name} (Shopify ${person.shopifyId})`.slice(0, 100);
    const byName = async () =>
      (await this.qbo.find('Customer', `DisplayName = ${quote(displayName)}`, signal))[0];
    const found = await byName();
    if (found) return { value: found.Id, name: displayName };
    // One requestid per person, not per key: two orders of a new buyer at once make one customer.
    const created = await this.guard(
      () =>
        this.qbo.create(
          'Customer',
          {
            DisplayName: displayName,
            ...(person.email ? { PrimaryEmailAddr: { Address: person.email } } : {}),
          },
          requestIdOf('customer', displayName),
          signal,
        ),
      byName,
    );
    return { value: created.Id, name: displayName };
  }

  /** Our document for this decision, if QuickBooks has it (by DocNumber, else by memo and date). */
  async find(decision: Write, signal?: AbortSignal): Promise<QboWritten | undefined> {
    const rows = decision.docNumber
      ? await this.qbo.find(decision.entity, `DocNumber = ${quote(decision.docNumber)}`, signal)
      : await this.qbo.find(
          decision.entity,
          `TxnDate = ${quote(String(decision.body.TxnDate))}`,
          signal,
        );
    const ours = rows.filter((r) => r.PrivateNote === decision.note);
    if (decision.docNumber && rows.length > 0 && ours.length === 0) {
      throw new RefusedError(
        `QuickBooks already has ${decision.entity} ${decision.docNumber} for something else (memo "${rows[0]?.PrivateNote ?? ''}")`,
        '6140',
      );
    }
    return ours[0];
  }

  /**
   * Brings QuickBooks in line with the decision: creates the document, or updates ours when its
   * total differs (an edited order), or leaves it. `previousVersion` equal to this one means the
   * ledger already has it done: no call at all.
   */
  async write(decision: Write, key: string, signal?: AbortSignal): Promise<Written> {
    const existing = await this.find(decision, signal);
    const requestId = requestIdOf(key, decision.sourceVersion);
    if (!existing) {
      const created = await this.guard(
        () => this.qbo.create(decision.entity, decision.body, requestId, signal),
        () => this.find(decision, signal),
      );
      return { id: created.Id, unchanged: false, record: created };
    }
    if (existing.TotalAmt === Number(decision.total)) {
      return { id: existing.Id, unchanged: true, record: existing };
    }
    const updated = await this.guard(() =>
      this.qbo.update(
        decision.entity,
        { ...decision.body, Id: existing.Id, SyncToken: existing.SyncToken },
        requestId,
        signal,
      ),
    );
    return { id: updated.Id, unchanged: false, record: updated };
  }

  /** Creates (with a requestid) unless QuickBooks already has it. */
  async createOnce(
    entity: QboWritable,
    body: Record<string, unknown>,
    requestId: string,
    signal?: AbortSignal,
  ): Promise<QboWritten> {
    return this.guard(() => this.qbo.create(entity, body, requestId, signal));
  }

  /**
   * QuickBooks' refusals as the flow's outcomes: a stale SyncToken (5010) is worth a re-read and
   * another go; a duplicate DocNumber (6140) means a write we lost the answer of, when our memo is
   * on the document found; every other refusal needs a person.
   */
  private async guard(
    write: () => Promise<QboWritten>,
    heal?: () => Promise<QboWritten | undefined>,
  ): Promise<QboWritten> {
    try {
      return await write();
    } catch (error) {
      if (!(error instanceof QboFault)) throw error;
      if (error.vendorCode === '5010') {
        throw new TransientError(`QuickBooks: ${error.message}; re-reading`, error);
      }
      if (HEALABLE.has(error.vendorCode) && heal) {
        const found = await heal();
        if (found) return found;
      }
      throw new RefusedError(error.message, error.vendorCode, error);
    }
  }
}
