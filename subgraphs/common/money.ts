import { roundMoney } from '../../lib/money';

/** The graph's Money: an exact decimal string and its currency. Arithmetic is in lib/money.ts. */
export interface Money {
  amount: string;
  currencyCode: string;
}

export function money(amount: string, currencyCode: string): Money {
  return { amount: roundMoney(amount), currencyCode };
}
