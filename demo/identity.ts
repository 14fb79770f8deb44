import { EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES } from './names';

/**
 * Who person number `index` is: a name, one email and one phone number that no other index gets,
 * and the spellings of them that different systems use. Identity resolution must merge the
 * spellings of one person and nothing else, so uniqueness is by construction, not by luck.
 */

export interface Identity {
  firstName: string;
  lastName: string;
  /** Lower-case, trimmed: what identity resolution normalises every spelling to. */
  email: string;
  /** An address at work: another person's record elsewhere cannot share it. */
  workEmail: string;
  phone: Phone;
}

export interface Phone {
  area: string;
  exchange: string;
  line: string;
}

const NAME_PAIRS = FIRST_NAMES.length * LAST_NAMES.length;
// Odd, so coprime with the 4096 name pairs: consecutive people get unrelated names.
const NAME_STRIDE = 1237;
const AREAS = ['212', '312', '415', '503', '512', '617', '206', '303', '305', '404', '612', '213'];

export function identityOf(index: number): Identity {
  const k = (index * NAME_STRIDE + 17) % NAME_PAIRS;
  const firstName = FIRST_NAMES[k % FIRST_NAMES.length] as string;
  const lastName = LAST_NAMES[Math.floor(k / FIRST_NAMES.length)] as string;
  const round = Math.floor(index / NAME_PAIRS);
  const suffix = round === 0 ? '' : String(round + 1);
  const first = firstName.toLowerCase();
  const last = lastName.toLowerCase();
  const local = [`${first}.${last}`, `${first}_${last}`, `${last}.${first}`][index % 3] as string;
  return {
    firstName,
    lastName,
    email: `${local}${suffix}@${EMAIL_DOMAINS[(index * 7) % EMAIL_DOMAINS.length]}`,
    workEmail: `${first}.${last}${suffix}@work.example`,
    phone: {
      area: AREAS[index % AREAS.length] as string,
      // The exchange and line come from the index alone, so the digits are unique per person.
      exchange: String(200 + (Math.floor(index / 10_000) % 800)),
      line: String(index % 10_000).padStart(4, '0'),
    },
  };
}

/** Spellings of one address that differ only in case or surrounding whitespace. */
export const EMAIL_SPELLINGS: ReadonlyArray<(email: string) => string> = [
  (email) => email,
  (email) => capitalized(email),
  (email) => email.toUpperCase(),
  (email) => ` ${email}`,
  (email) => `${email} `,
  (email) => ` ${capitalized(email)}`,
  (email) => `${email.toUpperCase()}  `,
];

/** Spellings of one number with the same digits (identity resolution keeps digits only). */
export const PHONE_SPELLINGS: ReadonlyArray<(phone: Phone) => string> = [
  (p) => `+1${p.area}${p.exchange}${p.line}`,
  (p) => `+1-${p.area}-${p.exchange}-${p.line}`,
  (p) => `+1 (${p.area}) ${p.exchange}-${p.line}`,
  (p) => `+1 ${p.area} ${p.exchange} ${p.line}`,
];

/** "ada.lovelace@example.com" → "Ada.Lovelace@Example.com". */
function capitalized(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  const upperFirst = (part: string): string => part.charAt(0).toUpperCase() + part.slice(1);
  const name = local
    .split(/([._])/)
    .map((part) => upperFirst(part))
    .join('');
  return `${name}@${upperFirst(domain)}`;
}
