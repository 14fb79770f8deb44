import type { PropertyDefinition } from '../../connectors/hubspot/client';
import { sumMoney } from '../../lib/money';

/**
 * A person's consolidated facts, as the CRM is told them, and the custom contact properties
 * that hold them. Computed from the store's rows of the person alone, in decimal money: orders
 * net of refunds, cancelled orders left out, only amounts in the shop's currency (Plexus converts
 * nothing). Consent is never among them: HubSpot keeps it in subscription types the person
 * chose, and Plexus only reads it.
 */

export interface OrderFact {
  totalPrice: string;
  currency: string;
  createdAt: Date;
  cancelledAt: Date | null;
  /** Refund amounts of the order. */
  refunds: string[];
}

export interface BalanceFact {
  balanceDue: string;
  currency: string;
}

export interface ProfileFacts {
  currency: string;
  lifetimeValue: string;
  orderCount: number;
  /** YYYY-MM-DD (UTC), or null without an order. */
  lastOrderDate: string | null;
  /** Open ERP receivables in the shop's currency; null when the person has no ERP account in it. */
  erpBalance: string | null;
}

export function computeFacts(
  orders: readonly OrderFact[],
  balances: readonly BalanceFact[],
  shopCurrency: string,
): ProfileFacts {
  const counted = orders.filter((o) => o.cancelledAt === null && o.currency === shopCurrency);
  const net = counted.flatMap((o) => [o.totalPrice, ...o.refunds.map((r) => `-${r}`)]);
  const last = counted.reduce<Date | null>(
    (latest, o) => (latest === null || o.createdAt > latest ? o.createdAt : latest),
    null,
  );
  const erp = balances.filter((b) => b.currency === shopCurrency);
  return {
    currency: shopCurrency,
    lifetimeValue: sumMoney(net),
    orderCount: counted.length,
    lastOrderDate: last ? last.toISOString().slice(0, 10) : null,
    erpBalance: erp.length ? sumMoney(erp.map((b) => b.balanceDue)) : null,
  };
}

const group = 'contactinformation';

/** The contact properties Plexus owns, created once in the portal (properties API). */
export const FACT_PROPERTIES = [
  {
    name: 'plexus_lifetime_value',
    label: 'Lifetime value (Plexus)',
    type: 'number',
    fieldType: 'number',
    groupName: group,
    description: 'Orders net of refunds and cancellations, in plexus_currency.',
  },
  {
    name: 'plexus_order_count',
    label: 'Orders (Plexus)',
    type: 'number',
    fieldType: 'number',
    groupName: group,
    description: 'Orders placed, cancelled ones left out.',
  },
  {
    name: 'plexus_last_order_date',
    label: 'Last order date (Plexus)',
    type: 'date',
    fieldType: 'date',
    groupName: group,
    description: 'Day of the latest order (UTC).',
  },
  {
    name: 'plexus_erp_balance',
    label: 'ERP balance (Plexus)',
    type: 'number',
    fieldType: 'number',
    groupName: group,
    description: 'Open receivables in the ERP, in plexus_currency.',
  },
  {
    name: 'plexus_currency',
    label: 'Currency (Plexus)',
    type: 'string',
    fieldType: 'text',
    groupName: group,
    description: 'ISO 4217 code of the Plexus amounts.',
  },
] as const satisfies readonly PropertyDefinition[];

export type FactProperty = (typeof FACT_PROPERTIES)[number]['name'];
export const FACT_PROPERTY_NAMES: readonly FactProperty[] = FACT_PROPERTIES.map((p) => p.name);

/** The facts as HubSpot stores them: strings, '' for none (which clears the property). */
export function toProperties(facts: ProfileFacts): Record<FactProperty, string> {
  return {
    plexus_lifetime_value: facts.lifetimeValue,
    plexus_order_count: String(facts.orderCount),
    plexus_last_order_date: facts.lastOrderDate ?? '',
    plexus_erp_balance: facts.erpBalance ?? '',
    plexus_currency: facts.currency,
  };
}

/**
 * The properties whose value in HubSpot differs from the wanted one: only those are written.
 * Numbers compare by value (HubSpot may answer "12.5" for "12.50").
 */
export function changedProperties(
  wanted: Record<FactProperty, string>,
  current: Record<string, string | null | undefined>,
): Partial<Record<FactProperty, string>> {
  const out: Partial<Record<FactProperty, string>> = {};
  for (const name of FACT_PROPERTY_NAMES) {
    const want = wanted[name];
    const have = current[name] ?? '';
    const numeric =
      want !== '' && have !== '' && /^-?[\d.]+$/.test(want) && /^-?[\d.]+$/.test(have);
    const same = numeric ? Number(want) === Number(have) : want === have;
    if (!same) out[name] = want;
  }
  return out;
}
