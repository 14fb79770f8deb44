import type { EntityManager } from '@mikro-orm/knex';
import * as e from './entities';

/** Typed repositories bound to `em`; pass a fork (`orm.em.fork()`) for a unit of work. */
export function repositories(em: EntityManager) {
  return {
    customers: em.getRepository(e.Customer),
    customerIdentities: em.getRepository(e.CustomerIdentity),
    crmProfiles: em.getRepository(e.CrmProfile),
    crmCompanies: em.getRepository(e.CrmCompany),
    crmDeals: em.getRepository(e.CrmDeal),
    erpCustomers: em.getRepository(e.ErpCustomer),
    salesOrders: em.getRepository(e.SalesOrder),
    salesOrderLines: em.getRepository(e.SalesOrderLine),
    shipments: em.getRepository(e.Shipment),
    accountingCustomers: em.getRepository(e.AccountingCustomer),
    invoices: em.getRepository(e.Invoice),
    payments: em.getRepository(e.Payment),
    creditMemos: em.getRepository(e.CreditMemo),
    fees: em.getRepository(e.Fee),
    orders: em.getRepository(e.Order),
    orderLines: em.getRepository(e.OrderLine),
    orderRefunds: em.getRepository(e.OrderRefund),
    orderTransactions: em.getRepository(e.OrderTransaction),
    orderFulfillments: em.getRepository(e.OrderFulfillment),
    products: em.getRepository(e.Product),
    variants: em.getRepository(e.Variant),
    erpItems: em.getRepository(e.ErpItem),
    locations: em.getRepository(e.Location),
    inventoryLevels: em.getRepository(e.InventoryLevel),
    appliedVersions: em.getRepository(e.AppliedVersion),
    outbox: em.getRepository(e.Outbox),
  };
}

export type Repositories = ReturnType<typeof repositories>;
