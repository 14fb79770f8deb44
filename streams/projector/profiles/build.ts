/**
 * A customer's marketing profile as a pure function of that customer's own rows, so that the
 * projector can recompute exactly the people a batch touched (see ./refresh.ts) and a test can
 * pin every rule here without a database.
 */
import {
  compareMoney,
  divideMoney,
  subtractMoney,
  sumMoney,
  toMinorUnits,
} from '../../../lib/money';
import type { CustomerProfileMessage, Source } from '../../../schema/events';
import type { CustomerProfile } from '../../../store/entities';

export interface ProfileInputs {
  customerId: string;
  identities: ReadonlyArray<{ id: string; source: string; sourceId: string }>;
  orders: ReadonlyArray<{
    currency: string;
    totalPrice: string;
    createdAt: Date;
    cancelledAt: Date | null;
    refunds: readonly string[];
  }>;
  crm: ReadonlyArray<{
    id: string;
    lifecycleStage: string | null;
    ownerEmail: string | null;
    marketingConsent: boolean;
    updatedAt: Date;
  }>;
  erp: ReadonlyArray<{ balanceDue: string; currency: string }>;
  books: ReadonlyArray<{ balance: string; currency: string }>;
  /** Ids that have been canonical customers: a member identity's among them was absorbed. */
  formerCustomers: ReadonlySet<string>;
  /** The stored profile, whose consent dates carry over while the decision stands. */
  previous: Pick<
    CustomerProfile,
    | 'emailConsent'
    | 'emailConsentSource'
    | 'emailConsentChangedAt'
    | 'smsConsent'
    | 'smsConsentSource'
    | 'smsConsentChangedAt'
  > | null;
}

/** What a profile says; the id, version and time of change are the projector's bookkeeping. */
export type ProfileFields = Omit<CustomerProfile, 'id' | 'version' | 'updatedAt'>;

/** One system's word on a channel: whether it may be used, and when that record last changed. */
export interface ConsentFact {
  source: Source;
  granted: boolean;
  at: Date;
}

export interface ConsentDecision {
  granted: boolean;
  source: string;
  changedAt: Date;
}

/**
 * Consent when the systems disagree: an explicit opt-out anywhere wins over any grant, whatever
 * its date (a person who said no somewhere must not be mailed because another system is behind);
 * among facts that agree, the most recent speaks. No fact, no consent (null, never "yes").
 * The date is when the decision last changed: it carries over while the decision and its
 * source stand.
 */
export function decideConsent(
  facts: readonly ConsentFact[],
  previous: { granted: boolean | null; source: string | null; changedAt: Date | null },
): ConsentDecision | null {
  if (facts.length === 0) return null;
  const refusals = facts.filter((f) => !f.granted);
  const deciding = (refusals.length > 0 ? refusals : facts).reduce((a, b) =>
    b.at.getTime() > a.at.getTime() ? b : a,
  );
  const unchanged =
    previous.granted === deciding.granted &&
    previous.source === deciding.source &&
    previous.changedAt !== null;
  return {
    granted: deciding.granted,
    source: deciding.source,
    changedAt: unchanged && previous.changedAt ? previous.changedAt : deciding.at,
  };
}

export function buildProfile(inputs: ProfileInputs): ProfileFields {
  const { customerId } = inputs;
  // Orders are in the shop's currency; the latest order names it, and any order in another
  // (there should be none) is left out rather than added across currencies.
  const latest = [...inputs.orders].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const currency = latest[0]?.currency ?? null;
  const inCurrency = latest.filter((o) => o.currency === currency);
  const refundsTotal = sumMoney(inCurrency.flatMap((o) => o.refunds));
  const counted = inCurrency
    .filter((o) => o.cancelledAt === null)
    .map((o) => ({ ...o, net: subtractMoney(o.totalPrice, sumMoney(o.refunds)) }))
    .filter((o) => compareMoney(o.net, 0) > 0);
  const lifetimeValue = sumMoney(counted.map((o) => o.net));
  const dates = counted.map((o) => o.createdAt.getTime());

  const erp = balance(inputs.erp.map((e) => ({ amount: e.balanceDue, currency: e.currency })));
  const books = balance(inputs.books.map((b) => ({ amount: b.balance, currency: b.currency })));
  const crm = [...inputs.crm].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const speaker = crm[0];
  const previous = inputs.previous;
  const email = decideConsent(
    crm.map((c) => ({ source: 'crm', granted: c.marketingConsent, at: c.updatedAt })),
    {
      granted: previous?.emailConsent ?? null,
      source: previous?.emailConsentSource ?? null,
      changedAt: previous?.emailConsentChangedAt ?? null,
    },
  );
  // No connected system carries SMS consent today; the slot is kept for one that does.
  const sms = decideConsent([], { granted: null, source: null, changedAt: null });

  return {
    currency,
    lifetimeValue,
    lifetimeValueMinor: toMinorUnits(lifetimeValue),
    orderCount: counted.length,
    averageOrderValue: counted.length > 0 ? divideMoney(lifetimeValue, counted.length) : null,
    refundsTotal,
    firstOrderAt: dates.length > 0 ? new Date(Math.min(...dates)) : null,
    lastOrderAt: dates.length > 0 ? new Date(Math.max(...dates)) : null,
    erpBalance: erp?.amount ?? null,
    erpCurrency: erp?.currency ?? null,
    booksBalance: books?.amount ?? null,
    booksCurrency: books?.currency ?? null,
    hasOpenBalance: [erp, books].some((b) => b !== null && compareMoney(b.amount, 0) > 0),
    lifecycleStage: speaker?.lifecycleStage ?? null,
    ownerEmail: speaker?.ownerEmail ?? null,
    emailConsent: email?.granted ?? null,
    emailConsentSource: email?.source ?? null,
    emailConsentChangedAt: email?.changedAt ?? null,
    smsConsent: sms?.granted ?? null,
    smsConsentSource: sms?.source ?? null,
    smsConsentChangedAt: sms?.changedAt ?? null,
    identities: inputs.identities
      .map(({ source, sourceId }) => ({ source, sourceId }))
      .sort((a, b) => a.source.localeCompare(b.source) || a.sourceId.localeCompare(b.sourceId)),
    absorbedIds: inputs.identities
      .map((i) => i.id)
      .filter((id) => id !== customerId && inputs.formerCustomers.has(id))
      .sort(),
  };
}

/** Balances of one kind summed; null when no system of that kind knows the person. */
function balance(
  accounts: Array<{ amount: string; currency: string }>,
): { amount: string; currency: string } | null {
  const [first] = accounts;
  if (!first) return null;
  const same = accounts.filter((a) => a.currency === first.currency);
  return { amount: sumMoney(same.map((a) => a.amount)), currency: first.currency };
}

const instant = (date: Date | null): number | null => date?.getTime() ?? null;

/** Whether two profiles say the same thing: an unchanged profile is not published again. */
export function sameProfile(a: ProfileFields, b: ProfileFields): boolean {
  return JSON.stringify(comparable(a)) === JSON.stringify(comparable(b));
}

function comparable(p: ProfileFields): unknown[] {
  return [
    p.currency,
    p.lifetimeValue,
    p.orderCount,
    p.averageOrderValue,
    p.refundsTotal,
    instant(p.firstOrderAt),
    instant(p.lastOrderAt),
    p.erpBalance,
    p.erpCurrency,
    p.booksBalance,
    p.booksCurrency,
    p.hasOpenBalance,
    p.lifecycleStage,
    p.ownerEmail,
    p.emailConsent,
    p.emailConsentSource,
    instant(p.emailConsentChangedAt),
    p.smsConsent,
    p.smsConsentSource,
    instant(p.smsConsentChangedAt),
    p.identities,
    p.absorbedIds,
  ];
}

/** The profile as the topic and the export carry it. */
export function profileMessage(row: CustomerProfile): CustomerProfileMessage {
  const money = (amount: string | null, currencyCode: string | null) =>
    amount !== null && currencyCode !== null ? { amount, currencyCode } : null;
  const consent = (granted: boolean | null, source: string | null, at: Date | null) =>
    granted !== null && source !== null && at !== null
      ? { granted, source: source as Source, changedAt: at.toISOString() }
      : null;
  return {
    id: row.id,
    version: row.version,
    changedAt: row.updatedAt.toISOString(),
    currency: row.currency,
    lifetimeValue: row.lifetimeValue,
    orderCount: row.orderCount,
    averageOrderValue: row.averageOrderValue,
    refundsTotal: row.refundsTotal,
    firstOrderAt: row.firstOrderAt?.toISOString() ?? null,
    lastOrderAt: row.lastOrderAt?.toISOString() ?? null,
    openBalance: {
      erp: money(row.erpBalance, row.erpCurrency),
      books: money(row.booksBalance, row.booksCurrency),
    },
    lifecycleStage: row.lifecycleStage,
    owner: row.ownerEmail,
    consent: {
      email: consent(row.emailConsent, row.emailConsentSource, row.emailConsentChangedAt),
      sms: consent(row.smsConsent, row.smsConsentSource, row.smsConsentChangedAt),
    },
    identities: row.identities.map(({ source, sourceId }) => ({
      source: source as Source,
      sourceId,
    })),
    absorbedIds: row.absorbedIds,
  };
}
