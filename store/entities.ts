import { AccountingCustomer } from './accounting/accounting-customer.entity';
import { CreditMemo } from './accounting/credit-memo.entity';
import { Fee } from './accounting/fee.entity';
import { Invoice } from './accounting/invoice.entity';
import { Payment } from './accounting/payment.entity';
import { ErpItem } from './catalog/erp-item.entity';
import { InventoryLevel } from './catalog/inventory-level.entity';
import { Location } from './catalog/location.entity';
import { Product } from './catalog/product.entity';
import { Variant } from './catalog/variant.entity';
import { ConnectorCheckpoint } from './checkpoint/connector-checkpoint.entity';
import { FlowRun } from './flows/flow-run.entity';
import { CrmCompany } from './crm/crm-company.entity';
import { CrmDeal } from './crm/crm-deal.entity';
import { CrmProfile } from './crm/crm-profile.entity';
import { CustomerIdentity } from './customer/customer-identity.entity';
import { Customer } from './customer/customer.entity';
import { ErpCustomer } from './erp/erp-customer.entity';
import { SalesOrderLine } from './erp/sales-order-line.entity';
import { SalesOrder } from './erp/sales-order.entity';
import { Shipment } from './erp/shipment.entity';
import { OrderFulfillment } from './order/order-fulfillment.entity';
import { OrderLine } from './order/order-line.entity';
import { OrderRefund } from './order/order-refund.entity';
import { OrderTransaction } from './order/order-transaction.entity';
import { Order } from './order/order.entity';
import { ApiKey } from './auth/api-key.entity';
import { AppliedVersion } from './projector/applied-version.entity';
import { CanonicalVersion } from './projector/canonical-version.entity';
import { Outbox } from './projector/outbox.entity';

export {
  AccountingCustomer,
  ApiKey,
  AppliedVersion,
  CanonicalVersion,
  ConnectorCheckpoint,
  CreditMemo,
  CrmCompany,
  CrmDeal,
  CrmProfile,
  Customer,
  CustomerIdentity,
  ErpCustomer,
  ErpItem,
  Fee,
  FlowRun,
  InventoryLevel,
  Invoice,
  Location,
  Order,
  OrderFulfillment,
  OrderLine,
  OrderRefund,
  OrderTransaction,
  Outbox,
  Payment,
  Product,
  SalesOrder,
  SalesOrderLine,
  Shipment,
  Variant,
};

/** Every table of the canonical store (docs/architecture.md), listed explicitly for discovery. */
export const entities = [
  Customer,
  CustomerIdentity,
  CrmProfile,
  CrmCompany,
  CrmDeal,
  ErpCustomer,
  SalesOrder,
  SalesOrderLine,
  Shipment,
  AccountingCustomer,
  Invoice,
  Payment,
  CreditMemo,
  Fee,
  Order,
  OrderLine,
  OrderRefund,
  OrderTransaction,
  OrderFulfillment,
  Product,
  Variant,
  ErpItem,
  Location,
  InventoryLevel,
  AppliedVersion,
  CanonicalVersion,
  Outbox,
  ApiKey,
  ConnectorCheckpoint,
  FlowRun,
];
