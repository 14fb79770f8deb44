import type { ChangeEvent } from '../../../schema/events';
import { accountingMappers } from './accounting';
import { crmMappers } from './crm';
import { erpMappers } from './erp';
import type { Mapper } from './mapper';
import { shopifyMappers } from './shopify';

const bySource: Record<string, Record<string, Mapper>> = {
  shopify: shopifyMappers,
  erp: erpMappers,
  crm: crmMappers,
  accounting: accountingMappers,
};

export function mapperFor(event: Pick<ChangeEvent, 'source' | 'entity'>): Mapper | undefined {
  return bySource[event.source]?.[event.entity];
}

/** Every (source, entity) the projector can apply, i.e. the topics it subscribes to. */
export function projectedEntities(): Array<{ source: string; entity: string }> {
  return Object.entries(bySource).flatMap(([source, mappers]) =>
    Object.keys(mappers).map((entity) => ({ source, entity })),
  );
}
