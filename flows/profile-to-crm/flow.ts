import { createHash } from 'node:crypto';
import type { HubSpotClient } from '../../connectors/hubspot/client';
import { HubSpotApiError } from '../../connectors/hubspot/errors';
import { CustomerIdentity } from '../../store/customer/customer-identity.entity';
import { ErpCustomer } from '../../store/erp/erp-customer.entity';
import { recordId } from '../../store/ids';
import { OrderRefund } from '../../store/order/order-refund.entity';
import { Order } from '../../store/order/order.entity';
import { RefusedError, type Flow, type FlowContext, type FlowOutcome } from '../flow';
import {
  changedProperties,
  computeFacts,
  FACT_PROPERTIES,
  FACT_PROPERTY_NAMES,
  toProperties,
} from './facts';

/**
 * Flow 5, profile → CRM. Key: an identity id of the person (the canonical customer id is one);
 * the run finds the person's whole cluster, computes their facts from the store (facts.ts) and
 * writes to each of their HubSpot contacts only the Plexus properties whose value differs from
 * HubSpot's, by batch upsert on the contact's email. The properties are created once per portal.
 * A person without a HubSpot contact is skipped (Plexus makes no contacts). No echo loop: the
 * contact change our write causes comes back as a crm-profile change, whose run finds the same
 * facts (the ledger's sourceVersion) and makes no call.
 */
export interface ProfileToCrmOptions {
  crm: HubSpotClient;
  /** ISO 4217 code of the amounts written (SHOP_CURRENCY). */
  shopCurrency: string;
}

const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

export function createProfileToCrmFlow(options: ProfileToCrmOptions): Flow {
  const { crm, shopCurrency } = options;
  let propertiesReady: Promise<void> | undefined;

  /** Creates the Plexus properties the portal lacks; once per process, again after a refusal. */
  function ensureProperties(): Promise<void> {
    propertiesReady ??= (async () => {
      const have = await crm.propertyNames('contacts');
      for (const property of FACT_PROPERTIES) {
        if (!have.has(property.name)) await crm.createProperty('contacts', property);
      }
    })().catch((error: unknown) => {
      propertiesReady = undefined;
      throw error;
    });
    return propertiesReady;
  }

  return {
    name: 'profile-to-crm',
    triggers: ['customer', 'order', 'erp-customer', 'crm-profile'],
    keysFor(entity, record) {
      if (entity === 'order') {
        const customer = str(record.customerSourceId);
        return customer ? [recordId('shopify', 'customer', customer)] : [];
      }
      // A customer's id, an ERP customer's and a CRM profile's are identity ids.
      const id = str(record.id);
      return id && record.deleted !== true ? [id] : [];
    },
    async sync(key: string, ctx: FlowContext): Promise<FlowOutcome> {
      const { em } = ctx;
      const identity = await em.findOne(CustomerIdentity, { id: key });
      if (!identity) return { state: 'skipped', reason: `no identity ${key} in the store` };
      const identities = await em.find(CustomerIdentity, { customerId: identity.customerId });
      const contacts = identities
        .filter((i) => i.source === 'crm' && i.email)
        .sort((a, b) => (a.sourceId < b.sourceId ? -1 : 1));
      if (contacts.length === 0) {
        return { state: 'skipped', reason: 'the person has no HubSpot contact' };
      }
      const shopifyIds = identities.filter((i) => i.source === 'shopify').map((i) => i.sourceId);
      const orders = shopifyIds.length
        ? await em.find(Order, { customerSourceId: { $in: shopifyIds } })
        : [];
      const refunds = orders.length
        ? await em.find(OrderRefund, { orderId: { $in: orders.map((o) => o.id) } })
        : [];
      const erpIds = identities.filter((i) => i.source === 'erp').map((i) => i.id);
      const balances = erpIds.length ? await em.find(ErpCustomer, { id: { $in: erpIds } }) : [];
      const facts = computeFacts(
        orders.map((o) => ({
          totalPrice: o.totalPrice,
          currency: o.currency,
          createdAt: o.createdAt,
          cancelledAt: o.cancelledAt,
          refunds: refunds.filter((r) => r.orderId === o.id).map((r) => r.amount),
        })),
        balances.map((b) => ({ balanceDue: b.balanceDue, currency: b.currency })),
        shopCurrency,
      );
      const wanted = toProperties(facts);
      const sourceVersion = createHash('sha256')
        .update(JSON.stringify({ wanted, contacts: contacts.map((c) => [c.sourceId, c.email]) }))
        .digest('hex')
        .slice(0, 32);
      // The echo of our own write, or a change that leaves the facts as they were: no call.
      if (ctx.previous?.state === 'done' && ctx.previous.sourceVersion === sourceVersion) {
        return { state: 'unchanged', sourceVersion };
      }
      await ensureProperties();
      // HubSpot's values now: only what differs is written (a crash after an earlier write, or
      // a person who edited a value by hand, are seen here).
      const current = await crm.batchRead(
        'contacts',
        contacts.map((c) => c.sourceId),
        [...FACT_PROPERTY_NAMES],
      );
      const writes = contacts.flatMap((contact) => {
        const found = current.find((o) => o.id === contact.sourceId);
        const changed = changedProperties(wanted, found?.properties ?? {});
        return Object.keys(changed).length && found
          ? [{ email: contact.email ?? '', properties: changed }]
          : [];
      });
      if (writes.length === 0) return { state: 'unchanged', sourceVersion };
      try {
        await crm.upsertContactsByEmail(writes);
      } catch (error) {
        if (error instanceof HubSpotApiError && error.status === 400) {
          // A property deleted in the portal since: made again on the next run.
          propertiesReady = undefined;
          throw new RefusedError(
            `HubSpot refused the contact update (${error.category ?? 'HTTP 400'})`,
            error.category,
            error,
          );
        }
        throw error;
      }
      return {
        state: 'done',
        targetId: contacts.map((c) => c.sourceId).join(','),
        sourceVersion,
      };
    },
  };
}
