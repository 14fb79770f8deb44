import { gid } from '../ids';
import { utcOffset } from '../timezone';
import type { ShopContext } from './context';

// The shop itself: what the sandbox knows of it (name, domain, currency, time zone). Fields
// only the whole schema has are harmless in the subset: the default resolver reads properties.
export function shopOf(ctx: ShopContext) {
  const offset = utcOffset(ctx.timezone, ctx.epoch);
  return {
    id: gid('Shop', 1),
    name: ctx.shopName,
    myshopifyDomain: ctx.shopDomain,
    email: `owner@${ctx.shopDomain}`,
    contactEmail: `support@${ctx.shopDomain}`,
    currencyCode: ctx.currency,
    ianaTimezone: ctx.timezone,
    timezoneOffset: offset.replace(':', ''),
    timezoneOffsetMinutes: offsetMinutes(offset),
    url: `https://${ctx.shopDomain}`,
    createdAt: '2020-01-01T00:00:00Z',
  };
}

function offsetMinutes(offset: string): number {
  const match = /^([+-])(\d{2}):(\d{2})$/.exec(offset);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}
