import type { SqlEntityManager } from '@mikro-orm/knex';
import {
  ErpCustomer,
  ErpItem,
  InventoryLevel,
  Location,
  SalesOrder,
  Shipment,
} from '../../store/entities';
import { groupLoader, rowLoader } from '../common/loaders';
import { identitiesOf } from '../common/sources';

export function createErpLoaders(em: SqlEntityManager) {
  return {
    stock: groupLoader(
      (variantIds: readonly string[]) =>
        em.find(
          InventoryLevel,
          { source: 'erp', variantId: { $in: [...variantIds] } },
          { orderBy: { locationSourceId: 'asc' } },
        ),
      (level) => level.variantId,
    ),
    /** An ERP location by its code (inventory_level.location_source_id). */
    erpLocation: rowLoader(
      (codes: readonly string[]) =>
        em.find(Location, { source: 'erp', sourceId: { $in: [...codes] } }),
      (location) => location.sourceId,
    ),
    /** The name of a canonical location, from the most trusted source that has it. */
    locationName: groupLoader(
      (locationIds: readonly string[]) =>
        em.find(Location, { locationId: { $in: [...locationIds] } }),
      (location) => location.locationId,
    ),
    item: rowLoader(
      (variantIds: readonly string[]) =>
        em.find(ErpItem, { variantId: { $in: [...variantIds] } }, { orderBy: { id: 'asc' } }),
      (item) => item.variantId,
    ),
    /** The ERP sales order of a Shopify order name (its externalDocumentNumber); the newest wins. */
    salesOrder: rowLoader(
      (names: readonly string[]) =>
        em.find(
          SalesOrder,
          { orderName: { $in: [...names] } },
          { orderBy: { orderDate: 'desc', id: 'asc' } },
        ),
      (order) => order.orderName ?? '',
    ),
    shipments: groupLoader(
      (numbers: readonly string[]) =>
        em.find(
          Shipment,
          { salesOrderNumber: { $in: [...numbers] } },
          { orderBy: { postedAt: 'asc', id: 'asc' } },
        ),
      (shipment) => shipment.salesOrderNumber,
    ),
    erpIdentities: identitiesOf(em, 'erp'),
    /** erp_customer.id is the id of its identity. */
    erpCustomer: rowLoader(
      (ids: readonly string[]) => em.find(ErpCustomer, { id: { $in: [...ids] } }),
      (customer) => customer.id,
    ),
  };
}

export type ErpLoaders = ReturnType<typeof createErpLoaders>;
