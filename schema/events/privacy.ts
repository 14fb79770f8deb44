import { Type, type Static } from '@sinclair/typebox';
import { DateTime, Id, StringEnum, schemaId } from './common';

/**
 * Plexus's own topics beside the change streams: privacy requests on their way from the ingress to
 * the worker that honours them, the announcement of each finished data request, and the audit
 * trail. Their values are Plexus's, so their schemas are strict.
 */

export const PRIVACY_REQUEST_KINDS = ['data-request', 'redact-customer', 'redact-shop'] as const;
export type PrivacyRequestKind = (typeof PRIVACY_REQUEST_KINDS)[number];

const ids = (description: string) => Type.Array(Id(), { description });

export const PrivacyRequest = Type.Object(
  {
    id: Id({
      description:
        'Names the request; the message key. The same request again (a redelivery) has the same id.',
    }),
    kind: StringEnum(PRIVACY_REQUEST_KINDS, {
      description:
        '`data-request` (Shopify `customers/data_request`), `redact-customer` ' +
        '(`customers/redact`) or `redact-shop` (`shop/redact`).',
    }),
    source: StringEnum(['shopify'] as const, { description: 'Who asked.' }),
    shopId: Id(),
    shopDomain: Type.String({ minLength: 1 }),
    customer: Type.Union(
      [
        Type.Object(
          {
            id: Id({ description: "The Shopify customer's id." }),
            email: Type.Union([Type.String(), Type.Null()]),
            phone: Type.Union([Type.String(), Type.Null()]),
          },
          { additionalProperties: false },
        ),
        Type.Null(),
      ],
      { description: 'The person; `null` for `redact-shop`.' },
    ),
    orderIds: ids('Shopify order ids the request names (`orders_requested`, `orders_to_redact`).'),
    receivedAt: DateTime({ description: 'When the ingress accepted the request.' }),
  },
  {
    $id: schemaId('privacy.request.v1'),
    title: 'PrivacyRequest',
    description:
      'A privacy request accepted at the ingress. Compacted, and tombstoned once honoured, so the ' +
      'contact details it carries do not outlive it.',
    additionalProperties: false,
  },
);
export type PrivacyRequest = Static<typeof PrivacyRequest>;

export const SYSTEMS = ['shopify', 'crm', 'erp', 'accounting'] as const;

export const DataRequestDone = Type.Object(
  {
    requestId: Id({ description: 'The privacy request; the message key.' }),
    customerIds: ids('Canonical ids of the customers the export covers.'),
    file: Type.String({ description: 'The export, a JSON file (mode 0600) on the worker host.' }),
    records: Type.Object(
      Object.fromEntries(SYSTEMS.map((s) => [s, Type.Integer({ minimum: 0 })])) as Record<
        (typeof SYSTEMS)[number],
        ReturnType<typeof Type.Integer>
      >,
      { description: 'Records exported, per system.', additionalProperties: false },
    ),
    completedAt: DateTime(),
  },
  {
    $id: schemaId('privacy.data-request.v1'),
    title: 'DataRequestDone',
    description: 'A data request honoured: where its export is. Ids only, no personal data.',
    additionalProperties: false,
  },
);
export type DataRequestDone = Static<typeof DataRequestDone>;

export const AUDIT_ACTIONS = [
  'api-key.created',
  'api-key.revoked',
  'privacy.data-request',
  'privacy.redact-customer',
  'privacy.redact-shop',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AuditEntry = Type.Object(
  {
    id: Type.String({ format: 'uuid', description: 'Unique per entry.' }),
    at: DateTime({ description: 'When it happened.' }),
    action: StringEnum(AUDIT_ACTIONS),
    actor: Type.String({
      minLength: 1,
      description: 'Who did it: `cli` (a local operator), or `shopify:<shop domain>`.',
    }),
    subject: Id({ description: 'What it was done to: a key id or a privacy request id.' }),
    details: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]), {
      description: 'Counts, names and ids; never personal data.',
    }),
  },
  {
    $id: schemaId('audit.v1'),
    title: 'AuditEntry',
    description: 'One security-relevant action: who did what to which id, and when.',
    additionalProperties: false,
  },
);
export type AuditEntry = Static<typeof AuditEntry>;

export const privacyRequestExample: PrivacyRequest = {
  id: 'redact-customer-548380009-706405506930370084',
  kind: 'redact-customer',
  source: 'shopify',
  shopId: '548380009',
  shopDomain: 'plexus-demo.myshopify.com',
  customer: { id: '706405506930370084', email: 'ada.lovelace@example.com', phone: null },
  orderIds: ['450789469'],
  receivedAt: '2024-05-12T10:03:47.000Z',
};

export const dataRequestExample: DataRequestDone = {
  requestId: 'data-request-9999',
  customerIds: ['3f0e8a52-6c1d-5b7e-9a4f-2d8c1b0e7a63'],
  file: 'data/exports/data-request-9999.json',
  records: { shopify: 3, crm: 1, erp: 2, accounting: 4 },
  completedAt: '2024-05-12T10:03:49.000Z',
};

export const auditExample: AuditEntry = {
  id: '0b7e3c1a-8f52-4d1e-9c7a-5e2f1a0b9c3d',
  at: '2024-05-12T10:03:49.000Z',
  action: 'privacy.redact-customer',
  actor: 'shopify:plexus-demo.myshopify.com',
  subject: 'redact-customer-548380009-706405506930370084',
  details: { customers: 1, identities: 4, orders: 1 },
};
