// What the ERP subgraph's resolvers hand each other: the parent of every GraphQL type that is not
// plain data, and the context. codegen.ts maps the generated resolver types onto these.
import type { ErpCustomer, InventoryLevel, SalesOrder, Shipment } from '../../store/entities';
import type { Scope } from '../common/request-scope';
import type { ErpLoaders } from './loaders';

export type Context = Scope<ErpLoaders>;

export type StockLevelModel = InventoryLevel;
export type ErpSalesOrderModel = SalesOrder;
export type ShipmentModel = Shipment;
export type ErpCustomerModel = ErpCustomer;
