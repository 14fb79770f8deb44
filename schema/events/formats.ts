/**
 * The two date formats of the contract, checked without allocating: ajv-formats' full mode splits
 * and re-parses every timestamp, which made date checks most of the cost of validating an order.
 * Anything accepted here parses with `new Date()` to the same instant.
 */

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const twoDigits = (s: string, at: number): number =>
  (s.charCodeAt(at) - 48) * 10 + s.charCodeAt(at + 1) - 48;

const isLeapYear = (year: number): boolean =>
  year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);

function isCalendarDay(s: string): boolean {
  const month = twoDigits(s, 5);
  const day = twoDigits(s, 8);
  if (month < 1 || month > 12 || day < 1) return false;
  if (month === 2 && day === 29) return isLeapYear(twoDigits(s, 0) * 100 + twoDigits(s, 2));
  return day <= (DAYS_IN_MONTH[month - 1] ?? 0);
}

/** `YYYY-MM-DD`, a real day of the Gregorian calendar. */
export const isDate = (s: string): boolean => DATE.test(s) && isCalendarDay(s);

/**
 * RFC 3339 with a mandatory offset (`Z` or `±hh:mm`), upper-case `T` and `Z`, no leap second:
 * the subset every JavaScript engine parses the same way.
 */
export function isDateTime(s: string): boolean {
  if (!DATE_TIME.test(s) || !isCalendarDay(s)) return false;
  if (twoDigits(s, 11) > 23 || twoDigits(s, 14) > 59 || twoDigits(s, 17) > 59) return false;
  if (s.endsWith('Z')) return true;
  return twoDigits(s, s.length - 5) <= 23 && twoDigits(s, s.length - 2) <= 59;
}
