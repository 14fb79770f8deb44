import { money } from '../common/money';
import { preferred } from '../common/sources';
import type { Resolvers } from './generated/resolvers-types';

export function createErpResolvers({ shopCurrency }: { shopCurrency: string }): Resolvers {
  return {
    ProductVariant: {
      stock: (variant, _, { loaders }) => loaders.stock.load(variant.id),
      // erp_item has no currency column: the ERP books items in the shop's currency.
      unitCost: async (variant, _, { loaders }) => {
        const item = await loaders.item.load(variant.id);
        return item ? money(item.unitCost, shopCurrency) : null;
      },
    },
    StockLevel: {
      location: async (level, _, { loaders }) => {
        const location = await loaders.erpLocation.load(level.locationSourceId);
        // A level may arrive before its location: the code is then the best name there is.
        if (!location) return { id: level.locationSourceId, name: level.locationSourceId };
        const named = preferred(await loaders.locationName.load(location.locationId));
        return { id: location.locationId, name: named?.name ?? location.name };
      },
    },
    Location: {
      __resolveReference: async ({ id }, { loaders }) => {
        const named = preferred(await loaders.locationName.load(id));
        return named ? { id, name: named.name } : null;
      },
    },
    Order: {
      erp: (order, _, { loaders }) => loaders.salesOrder.load(order.name),
    },
    ErpSalesOrder: {
      salesOrderNumber: (order) => order.number,
      orderDate: (order) => order.orderDate,
      total: (order) => money(order.total, order.currency),
      shipments: (order, _, { loaders }) => loaders.shipments.load(order.number),
    },
    Shipment: {
      postedAt: (shipment) => shipment.postedAt,
    },
    Customer: {
      erp: async (customer, _, { loaders }) => {
        // A merged person may have several ERP customers: the smallest identity id speaks for them,
        // as it does for the canonical id.
        const [identity] = await loaders.erpIdentities.load(customer.id);
        return identity ? loaders.erpCustomer.load(identity.id) : null;
      },
    },
    ErpCustomer: {
      balanceDue: (customer) => money(customer.balanceDue, customer.currency),
    },
  };
}
