/**
 * Realistic Admin API shapes for tests: GraphQL nodes as documents.ts selects them, and webhook
 * (REST) bodies as Shopify sends them, trimmed to the fields that matter plus a few that do not.
 */

const money = (amount: string, currencyCode = 'USD') => ({ shopMoney: { amount, currencyCode } });

export const customerNode = {
  id: 'gid://shopify/Customer/7408123456789',
  email: 'Ada.Lovelace@Example.com',
  firstName: 'Ada',
  lastName: 'Lovelace',
  phone: '+442079460958',
  createdAt: '2024-03-02T09:15:00Z',
  updatedAt: '2024-05-10T14:22:31Z',
  addresses: [
    {
      address1: "12 St James's Square",
      city: 'London',
      province: 'England',
      country: 'United Kingdom',
      zip: 'SW1Y 4JH',
    },
  ],
};

export const orderNode = {
  id: 'gid://shopify/Order/5612345678901',
  name: '#1001',
  email: 'ada.lovelace@example.com',
  customer: { id: 'gid://shopify/Customer/7408123456789' },
  currencyCode: 'USD',
  totalPriceSet: money('126.00'),
  subtotalPriceSet: money('105.00'),
  totalTaxSet: money('21.00'),
  displayFinancialStatus: 'PARTIALLY_REFUNDED',
  displayFulfillmentStatus: 'FULFILLED',
  createdAt: '2024-05-10T14:20:05Z',
  updatedAt: '2024-05-12T10:03:47Z',
  cancelledAt: null,
  lineItems: {
    nodes: [
      {
        id: 'gid://shopify/LineItem/13712345678901',
        sku: 'PLX-MUG-BLK',
        title: 'Analytical Engine Mug',
        quantity: 2,
        originalUnitPriceSet: money('22.50'),
        variant: { id: 'gid://shopify/ProductVariant/44123456789012' },
      },
      {
        id: 'gid://shopify/LineItem/13712345678902',
        sku: null,
        title: 'Gift wrap',
        quantity: 1,
        originalUnitPriceSet: money('60.00'),
        variant: null,
      },
    ],
  },
  refunds: [
    {
      id: 'gid://shopify/Refund/912345678',
      createdAt: '2024-05-12T10:03:40Z',
      note: 'Chipped',
      totalRefundedSet: money('27.00'),
    },
  ],
  transactions: [
    {
      id: 'gid://shopify/OrderTransaction/6612345678',
      kind: 'SALE',
      status: 'SUCCESS',
      gateway: 'shopify_payments',
      createdAt: '2024-05-10T14:20:06Z',
      amountSet: money('126.00'),
    },
    {
      id: 'gid://shopify/OrderTransaction/6612345679',
      kind: 'SUGGESTED_REFUND',
      status: 'SUCCESS',
      gateway: null,
      createdAt: '2024-05-12T10:03:30Z',
      amountSet: money('27.00'),
    },
  ],
  fulfillments: [
    {
      id: 'gid://shopify/Fulfillment/4412345678',
      status: 'SUCCESS',
      createdAt: '2024-05-11T08:00:00Z',
      trackingInfo: [{ number: '1Z999AA10123456784', company: 'UPS' }],
    },
  ],
};

export const productNode = {
  id: 'gid://shopify/Product/8812345678',
  title: 'Analytical Engine Mug',
  handle: 'analytical-engine-mug',
  status: 'ACTIVE',
  vendor: 'Plexus Goods',
  productType: '',
  createdAt: '2024-01-01T00:00:00Z',
  updatedAt: '2024-04-01T12:00:00Z',
  variants: {
    nodes: [
      {
        id: 'gid://shopify/ProductVariant/44123456789012',
        sku: 'PLX-MUG-BLK',
        title: 'Black',
        price: '22.50',
        inventoryItem: { id: 'gid://shopify/InventoryItem/46123456789012' },
      },
      {
        id: 'gid://shopify/ProductVariant/44123456789013',
        sku: null,
        title: 'Sample',
        price: '0.00',
        inventoryItem: { id: 'gid://shopify/InventoryItem/46123456789013' },
      },
    ],
  },
};

export const locationNode = {
  id: 'gid://shopify/Location/71234567890',
  name: 'Main Warehouse',
  isActive: true,
  updatedAt: '2024-01-05T00:00:00Z',
};

export const inventoryLevelNode = {
  id: 'gid://shopify/InventoryLevel/71234567890?inventory_item_id=46123456789012',
  updatedAt: '2024-05-12T11:00:00Z',
  item: {
    id: 'gid://shopify/InventoryItem/46123456789012',
    sku: 'PLX-MUG-BLK',
    variant: { product: { id: 'gid://shopify/Product/8812345678' } },
  },
  location: { id: 'gid://shopify/Location/71234567890' },
  quantities: [
    { name: 'available', quantity: 40 },
    { name: 'on_hand', quantity: 45 },
    { name: 'committed', quantity: 5 },
    { name: 'incoming', quantity: 12 },
  ],
};

export const restCustomer = {
  id: 7408123456789,
  email: 'Ada.Lovelace@Example.com',
  accepts_marketing: false,
  created_at: '2024-03-02T04:15:00-05:00',
  updated_at: '2024-05-10T10:22:31-04:00',
  first_name: 'Ada',
  last_name: 'Lovelace',
  orders_count: 1,
  state: 'enabled',
  phone: '+442079460958',
  addresses: [
    {
      id: 9912345,
      customer_id: 7408123456789,
      address1: "12 St James's Square",
      address2: null,
      city: 'London',
      province: 'England',
      country: 'United Kingdom',
      zip: 'SW1Y 4JH',
      default: true,
    },
  ],
  admin_graphql_api_id: 'gid://shopify/Customer/7408123456789',
};

export const restProduct = {
  id: 8812345678,
  title: 'Analytical Engine Mug',
  body_html: '<p>Mug</p>',
  vendor: 'Plexus Goods',
  product_type: '',
  created_at: '2024-01-01T00:00:00Z',
  handle: 'analytical-engine-mug',
  updated_at: '2024-04-01T08:00:00-04:00',
  status: 'active',
  variants: [
    {
      id: 44123456789012,
      product_id: 8812345678,
      title: 'Black',
      price: '22.50',
      sku: 'PLX-MUG-BLK',
      inventory_item_id: 46123456789012,
      admin_graphql_api_id: 'gid://shopify/ProductVariant/44123456789012',
    },
  ],
  admin_graphql_api_id: 'gid://shopify/Product/8812345678',
};

export const restOrder = {
  id: 5612345678901,
  admin_graphql_api_id: 'gid://shopify/Order/5612345678901',
  name: '#1001',
  email: 'ada.lovelace@example.com',
  currency: 'USD',
  total_price: '126.00',
  subtotal_price: '105.00',
  total_tax: '21.00',
  financial_status: 'partially_refunded',
  fulfillment_status: 'fulfilled',
  created_at: '2024-05-10T10:20:05-04:00',
  updated_at: '2024-05-12T06:03:47-04:00',
  cancelled_at: null,
  customer: { id: 7408123456789, email: 'ada.lovelace@example.com' },
  line_items: [
    {
      id: 13712345678901,
      sku: 'PLX-MUG-BLK',
      title: 'Analytical Engine Mug',
      quantity: 2,
      price: '22.50',
      variant_id: 44123456789012,
    },
  ],
  refunds: [
    {
      id: 912345678,
      created_at: '2024-05-12T06:03:40-04:00',
      note: 'Chipped',
      transactions: [
        { id: 6612345680, kind: 'refund', status: 'success', amount: '27.00' },
        { id: 6612345681, kind: 'refund', status: 'failure', amount: '27.00' },
      ],
    },
  ],
  fulfillments: [
    {
      id: 4412345678,
      status: 'success',
      tracking_number: '1Z999AA10123456784',
      tracking_company: 'UPS',
      created_at: '2024-05-11T04:00:00-04:00',
    },
  ],
};
