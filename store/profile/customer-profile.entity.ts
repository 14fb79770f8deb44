import { EntitySchema } from '@mikro-orm/core';
import {
  bigintNumber,
  integer,
  money,
  textOrNull,
  timestamp,
  timestampOrNull,
  uuid,
} from '../common/columns';

/**
 * The marketing profile of one canonical customer (its id is the customer's), kept by the
 * projector in the transaction that changes any record it summarises (streams/projector/profiles).
 * Amounts are in `currency`, the shop's; `lifetimeValueMinor` is the same amount in cents so that
 * range filters compare integers on both dialects (SQLite keeps money as text).
 */
export interface CustomerProfile {
  id: string;
  /** Rises with every change of the profile; the message on the profile topic carries it. */
  version: number;
  updatedAt: Date;
  currency: string | null;
  lifetimeValue: string;
  lifetimeValueMinor: number;
  orderCount: number;
  averageOrderValue: string | null;
  refundsTotal: string;
  firstOrderAt: Date | null;
  lastOrderAt: Date | null;
  erpBalance: string | null;
  erpCurrency: string | null;
  booksBalance: string | null;
  booksCurrency: string | null;
  hasOpenBalance: boolean;
  lifecycleStage: string | null;
  ownerEmail: string | null;
  emailConsent: boolean | null;
  emailConsentSource: string | null;
  emailConsentChangedAt: Date | null;
  smsConsent: boolean | null;
  smsConsentSource: string | null;
  smsConsentChangedAt: Date | null;
  /** The source records merged into this person: `[{ source, sourceId }]`, sorted. */
  identities: Array<{ source: string; sourceId: string }>;
  /** Canonical customer ids this person absorbed when identity resolution merged them. */
  absorbedIds: string[];
}

export const CustomerProfile = new EntitySchema<CustomerProfile>({
  name: 'CustomerProfile',
  tableName: 'customer_profile',
  properties: {
    id: { ...uuid(), primary: true },
    version: { type: bigintNumber() },
    updatedAt: timestamp(),
    currency: textOrNull(),
    lifetimeValue: money(),
    lifetimeValueMinor: { type: bigintNumber() },
    orderCount: integer(),
    averageOrderValue: { ...money(), nullable: true },
    refundsTotal: money(),
    firstOrderAt: timestampOrNull(),
    lastOrderAt: timestampOrNull(),
    erpBalance: { ...money(), nullable: true },
    erpCurrency: textOrNull(),
    booksBalance: { ...money(), nullable: true },
    booksCurrency: textOrNull(),
    hasOpenBalance: { type: 'boolean' },
    lifecycleStage: textOrNull(),
    ownerEmail: textOrNull(),
    emailConsent: { type: 'boolean', nullable: true },
    emailConsentSource: textOrNull(),
    emailConsentChangedAt: timestampOrNull(),
    smsConsent: { type: 'boolean', nullable: true },
    smsConsentSource: textOrNull(),
    smsConsentChangedAt: timestampOrNull(),
    identities: { type: 'json' },
    absorbedIds: { type: 'json' },
  },
  indexes: [
    { properties: ['lifecycleStage'] },
    { properties: ['lastOrderAt'] },
    { properties: ['lifetimeValueMinor'] },
  ],
});
