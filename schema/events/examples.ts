import type {
  AccountingCreditMemo,
  AccountingCustomer,
  AccountingInvoice,
  AccountingJournalEntry,
  AccountingPayment,
} from './accounting';
import type { CrmCompany, CrmContact, CrmDeal } from './crm';
import type {
  ErpCustomer,
  ErpInventoryLevel,
  ErpItem,
  ErpLocation,
  ErpSalesOrder,
  ErpShipment,
} from './erp';
import type {
  ShopifyCustomer,
  ShopifyInventoryLevel,
  ShopifyLocation,
  ShopifyOrder,
  ShopifyProduct,
} from './shopify';

/**
 * One small, coherent world seen from four systems: Ada Lovelace buys two mugs and two tees in
 * Shopify order #1001, is a contact in the CRM, a customer in the ERP and in the books, and gets
 * one mug refunded. Her email differs in case and whitespace between systems on purpose: identity
 * resolution must still see one person. Each example validates against its topic's schema.
 */

const SHOPIFY_CUSTOMER_ID = '7408123456789';
const MUG_VARIANT_ID = '44123456789012';
const MUG_INVENTORY_ITEM_ID = '46123456789012';
const SHOPIFY_LOCATION_ID = '71234567890';

export const shopifyCustomer: ShopifyCustomer = {
  id: SHOPIFY_CUSTOMER_ID,
  email: 'Ada.Lovelace@Example.com ',
  firstName: 'Ada',
  lastName: 'Lovelace',
  phone: '+44 20 7946 0958',
  addresses: [
    {
      address1: "12 St James's Square",
      city: 'London',
      province: 'England',
      country: 'United Kingdom',
      zip: 'SW1Y 4JH',
    },
  ],
  createdAt: '2024-03-02T09:15:00.000Z',
  updatedAt: '2024-05-10T14:22:31.000Z',
};

export const shopifyOrder: ShopifyOrder = {
  id: '5612345678901',
  name: '#1001',
  email: 'ada.lovelace@example.com',
  customerId: SHOPIFY_CUSTOMER_ID,
  currency: 'GBP',
  totalPrice: '126.00',
  subtotalPrice: '105.00',
  totalTax: '21.00',
  financialStatus: 'partially_refunded',
  fulfillmentStatus: 'fulfilled',
  createdAt: '2024-05-10T14:20:05.000Z',
  updatedAt: '2024-05-12T10:03:47.000Z',
  cancelledAt: null,
  lineItems: [
    {
      id: '13712345678901',
      sku: 'PLX-MUG-BLK',
      title: 'Analytical Engine Mug - Black',
      quantity: 2,
      unitPrice: '22.50',
      variantId: MUG_VARIANT_ID,
    },
    {
      id: '13712345678902',
      sku: 'PLX-TEE-M',
      title: 'Notes on the Engine Tee - M',
      quantity: 2,
      unitPrice: '30.00',
      variantId: '44123456789020',
    },
  ],
  refunds: [
    {
      id: '9012345678901',
      createdAt: '2024-05-12T10:03:40.000Z',
      amount: '27.00',
      note: 'Chipped',
    },
  ],
  transactions: [
    {
      id: '6912345678901',
      kind: 'sale',
      status: 'success',
      amount: '126.00',
      gateway: 'shopify_payments',
      createdAt: '2024-05-10T14:20:04.000Z',
    },
    {
      id: '6912345678902',
      kind: 'refund',
      status: 'success',
      amount: '27.00',
      gateway: 'shopify_payments',
      createdAt: '2024-05-12T10:03:41.000Z',
    },
  ],
  fulfillments: [
    {
      id: '4812345678901',
      status: 'success',
      trackingNumber: '1Z999AA10123456784',
      trackingCompany: 'UPS',
      createdAt: '2024-05-11T08:30:00.000Z',
    },
  ],
};

export const shopifyProduct: ShopifyProduct = {
  id: '8012345678901',
  title: 'Analytical Engine Mug',
  handle: 'analytical-engine-mug',
  status: 'ACTIVE',
  vendor: 'Plexus Goods',
  productType: 'Mug',
  createdAt: '2024-01-08T12:00:00.000Z',
  updatedAt: '2024-04-30T16:45:12.000Z',
  variants: [
    {
      id: MUG_VARIANT_ID,
      sku: 'PLX-MUG-BLK',
      title: 'Black',
      price: '22.50',
      inventoryItemId: MUG_INVENTORY_ITEM_ID,
    },
    {
      id: '44123456789013',
      sku: 'PLX-MUG-WHT',
      title: 'White',
      price: '22.50',
      inventoryItemId: '46123456789013',
    },
  ],
};

export const shopifyInventoryLevel: ShopifyInventoryLevel = {
  id: `${MUG_INVENTORY_ITEM_ID}:${SHOPIFY_LOCATION_ID}`,
  inventoryItemId: MUG_INVENTORY_ITEM_ID,
  locationId: SHOPIFY_LOCATION_ID,
  sku: 'PLX-MUG-BLK',
  productId: shopifyProduct.id,
  quantities: { available: 38, onHand: 40, committed: 2, incoming: 24 },
  updatedAt: '2024-05-11T08:30:02.000Z',
};

export const shopifyLocation: ShopifyLocation = {
  id: SHOPIFY_LOCATION_ID,
  name: 'London Warehouse',
  isActive: true,
  updatedAt: '2024-01-02T09:00:00.000Z',
};

export const erpCustomer: ErpCustomer = {
  id: '5d0c9a3e-6f1b-4e2a-9c7d-1a2b3c4d5e6f',
  number: 'C10042',
  displayName: 'Ada Lovelace',
  email: 'ADA.LOVELACE@EXAMPLE.COM',
  phoneNumber: '+44-20-7946-0958',
  shopifyCustomerId: SHOPIFY_CUSTOMER_ID,
  balanceDue: '0.00',
  currencyCode: 'GBP',
  lastModifiedDateTime: '2024-05-10T14:25:00.000Z',
};

export const erpItem: ErpItem = {
  id: '8a7b6c5d-4e3f-4a1b-8c2d-3e4f5a6b7c8d',
  number: 'PLX-MUG-BLK',
  displayName: 'Analytical Engine Mug, Black',
  unitPrice: '22.50',
  unitCost: '6.80',
  inventory: 40,
  lastModifiedDateTime: '2024-05-11T08:31:00.000Z',
};

export const erpLocation: ErpLocation = {
  id: 'LONDON',
  code: 'LONDON',
  displayName: 'London  warehouse ',
  lastModifiedDateTime: '2023-11-20T10:00:00.000Z',
};

export const erpInventoryLevel: ErpInventoryLevel = {
  id: 'PLX-MUG-BLK:LONDON',
  itemNumber: 'PLX-MUG-BLK',
  locationCode: 'LONDON',
  onHand: 40,
  available: 38,
  committed: 2,
  incoming: 24,
  lastModifiedDateTime: '2024-05-11T08:31:00.000Z',
};

export const erpSalesOrder: ErpSalesOrder = {
  id: 'c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f',
  number: 'SO-101001',
  externalDocumentNumber: '#1001',
  customerNumber: 'C10042',
  orderDate: '2024-05-10',
  status: 'Released',
  currencyCode: 'GBP',
  totalAmountIncludingTax: '126.00',
  lines: [
    {
      sku: 'PLX-MUG-BLK',
      quantity: 2,
      shippedQuantity: 2,
      unitPrice: '22.50',
      locationCode: 'LONDON',
    },
    { sku: 'PLX-TEE-M', quantity: 2, shippedQuantity: 2, unitPrice: '30.00', locationCode: null },
  ],
  lastModifiedDateTime: '2024-05-11T08:35:00.000Z',
};

export const erpShipment: ErpShipment = {
  id: 'e5f6a7b8-c9d0-4e1f-8a2b-3c4d5e6f7a8b',
  number: 'SSH-102001',
  orderNumber: 'SO-101001',
  postingDate: '2024-05-11',
  trackingNumber: '1Z999AA10123456784',
  trackingCompany: 'UPS',
  trackingUrl: 'https://www.ups.com/track?tracknum=1Z999AA10123456784',
  lastModifiedDateTime: '2024-05-11T08:35:00.000Z',
};

export const crmContact: CrmContact = {
  id: '90123',
  email: 'ada.lovelace@example.com',
  firstName: 'Ada',
  lastName: 'Lovelace',
  phone: '+44 (20) 7946 0958',
  lifecycleStage: 'customer',
  leadStatus: 'CONNECTED',
  ownerEmail: 'charles.babbage@example.com',
  companyId: '30123',
  marketingConsent: true,
  lastActivityAt: '2024-05-09T16:00:00.000Z',
  shopifyCustomerId: SHOPIFY_CUSTOMER_ID,
  updatedAt: '2024-05-10T14:30:00.000Z',
};

export const crmCompany: CrmCompany = {
  id: '30123',
  name: 'Analytical Engines Ltd',
  domain: 'analytical-engines.example',
  updatedAt: '2024-04-02T11:00:00.000Z',
};

export const crmDeal: CrmDeal = {
  id: '180123',
  name: 'Analytical Engines - office mugs',
  amount: '1350.00',
  currency: 'GBP',
  stage: 'contractsent',
  pipeline: 'default',
  closeDate: '2024-06-30',
  contactIds: ['90123'],
  updatedAt: '2024-05-09T16:05:00.000Z',
};

export const accountingCustomer: AccountingCustomer = {
  id: '58',
  displayName: 'Ada Lovelace',
  email: ' ada.lovelace@example.com',
  phone: null,
  balance: '0.00',
  currency: 'GBP',
  updatedAt: '2024-05-12T10:10:00.000Z',
};

export const accountingInvoice: AccountingInvoice = {
  id: '1042',
  docNumber: '1001',
  txnDate: '2024-05-10',
  customerId: '58',
  orderName: '#1001',
  currency: 'GBP',
  totalAmount: '126.00',
  balance: '0.00',
  lines: [
    {
      description: 'Analytical Engine Mug - Black',
      sku: 'PLX-MUG-BLK',
      quantity: 2,
      amount: '45.00',
    },
    { description: 'Notes on the Engine Tee - M', sku: 'PLX-TEE-M', quantity: 2, amount: '60.00' },
  ],
  updatedAt: '2024-05-10T14:40:00.000Z',
};

export const accountingPayment: AccountingPayment = {
  id: '1043',
  customerId: '58',
  txnDate: '2024-05-10',
  totalAmount: '126.00',
  currency: 'GBP',
  invoiceIds: ['1042'],
  updatedAt: '2024-05-10T14:41:00.000Z',
};

export const accountingCreditMemo: AccountingCreditMemo = {
  id: '1051',
  docNumber: 'CM-1001',
  customerId: '58',
  txnDate: '2024-05-12',
  orderName: '#1001',
  totalAmount: '27.00',
  currency: 'GBP',
  updatedAt: '2024-05-12T10:10:00.000Z',
};

export const accountingJournalEntry: AccountingJournalEntry = {
  id: '1060',
  docNumber: 'JE-1001',
  txnDate: '2024-05-10',
  orderName: '#1001',
  currency: 'GBP',
  lines: [
    {
      postingType: 'Debit',
      accountName: 'Shopify Payments Fees',
      amount: '3.98',
      description: 'Processing fee, order #1001',
    },
    {
      postingType: 'Credit',
      accountName: 'Shopify Payments Clearing',
      amount: '3.98',
      description: 'Processing fee, order #1001',
    },
  ],
  updatedAt: '2024-05-10T15:00:00.000Z',
};
