import type { ErpCustomer, InventoryLevel, SalesOrder, Shipment } from '../../store/entities';
import { money } from '../common/money';
import type { ResolverMap, Scope } from '../common/request-scope';
import { preferred } from '../common/sources';
import type { ErpLoaders } from './loaders';

type Ctx = Scope<ErpLoaders>;
type Ref = { id: string };

export function createErpResolvers({ shopCurrency }: { shopCurrency: string }): ResolverMap {
  return {
    ProductVariant: {
      stock: (variant: Ref, _: unknown, { loaders }: Ctx) => loaders.stock.load(variant.id),
      // erp_item has no currency column: the ERP books items in the shop's currency.
      unitCost: async (variant: Ref, _: unknown, { loaders }: Ctx) => {
        const item = await loaders.item.load(variant.id);
        return item ? money(item.unitCost, shopCurrency) : null;
      },
    },
    StockLevel: {
      location: async (level: InventoryLevel, _: unknown, { loaders }: Ctx) => {
        const location = await loaders.erpLocation.load(level.locationSourceId);
        // A level may arrive before its location: the code is then the best name there is.
        if (!location) return { id: level.locationSourceId, name: level.locationSourceId };
        const named = preferred(await loaders.locationName.load(location.locationId));
        return { id: location.locationId, name: named?.name ?? location.name };
      },
    },
    Location: {
      __resolveReference: async ({ id }: Ref, { loaders }: Ctx) => {
        const named = preferred(await loaders.locationName.load(id));
        return named ? { id, name: named.name } : null;
      },
    },
    Order: {
      erp: (order: { name: string }, _: unknown, { loaders }: Ctx) =>
        loaders.salesOrder.load(order.name),
    },
    ErpSalesOrder: {
      salesOrderNumber: (order: SalesOrder) => order.number,
      orderDate: (order: SalesOrder) => order.orderDate,
      total: (order: SalesOrder) => money(order.total, order.currency),
      shipments: (order: SalesOrder, _: unknown, { loaders }: Ctx) =>
        loaders.shipments.load(order.number),
    },
    Shipment: {
      postedAt: (shipment: Shipment) => shipment.postedAt,
    },
    Customer: {
      erp: async (customer: Ref, _: unknown, { loaders }: Ctx) => {
        // A merged person may have several ERP customers: the smallest identity id speaks for them,
        // as it does for the canonical id.
        const [identity] = await loaders.erpIdentities.load(customer.id);
        return identity ? loaders.erpCustomer.load(identity.id) : null;
      },
    },
    ErpCustomer: {
      balanceDue: (customer: ErpCustomer) => money(customer.balanceDue, customer.currency),
    },
  };
}
