import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { DateTime, Money, StringEnum, schemaId } from './common';
import { SOURCES } from './envelope';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const Balance = Type.Object(
  { amount: Money(), currencyCode: Type.String() },
  { additionalProperties: false },
);

const Consent = Type.Object(
  {
    granted: Type.Boolean({ description: 'Whether the person may be sent marketing.' }),
    source: StringEnum(SOURCES, { description: 'The system whose record decided it.' }),
    changedAt: DateTime({ description: 'When that record last changed the decision.' }),
  },
  { additionalProperties: false },
);

/** The value of every message on `plexus.profile.customer.v1` but tombstones (null). Strict. */
export const CustomerProfileMessage = Type.Object(
  {
    id: Type.String({ format: 'uuid', description: 'Canonical customer id; also the key.' }),
    version: Type.Integer({ minimum: 0, description: 'Rises with every change of the profile.' }),
    changedAt: DateTime({ description: 'When the profile last changed.' }),
    currency: Nullable(Type.String({ description: "The shop's currency; null without orders." })),
    lifetimeValue: Money({ description: 'Orders net of refunds, cancelled orders excluded.' }),
    orderCount: Type.Integer({
      minimum: 0,
      description: 'Orders neither cancelled nor refunded in full.',
    }),
    averageOrderValue: Nullable(Money({ description: 'lifetimeValue / orderCount.' })),
    refundsTotal: Money({ description: 'Every refund of every order.' }),
    firstOrderAt: Nullable(DateTime()),
    lastOrderAt: Nullable(DateTime()),
    openBalance: Type.Object(
      {
        erp: Nullable(Balance),
        books: Nullable(Balance),
      },
      {
        additionalProperties: false,
        description: 'Owed in the ERP and in the books; null where unknown.',
      },
    ),
    lifecycleStage: Nullable(Type.String({ description: 'From the CRM.' })),
    owner: Nullable(Type.String({ description: "The CRM owner's email." })),
    consent: Type.Object(
      { email: Nullable(Consent), sms: Nullable(Consent) },
      {
        additionalProperties: false,
        description: 'Marketing consent per channel; null where no system knows.',
      },
    ),
    identities: Type.Array(
      Type.Object(
        { source: StringEnum(SOURCES), sourceId: Type.String() },
        { additionalProperties: false },
      ),
      { description: 'The source records merged into this person.' },
    ),
    absorbedIds: Type.Array(Type.String({ format: 'uuid' }), {
      description: 'Canonical ids of people merged into this one (each has a tombstone).',
    }),
  },
  {
    $id: schemaId('profile.customer.v1'),
    title: 'CustomerProfile',
    description:
      'The marketing profile of one canonical customer; a tombstone (null value) when the ' +
      'customer is gone, e.g. absorbed by a merge.',
    additionalProperties: false,
  },
);
export type CustomerProfileMessage = Static<typeof CustomerProfileMessage>;
