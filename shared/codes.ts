// Public identifiers. Lot codes are printed on QR labels and typed by shoppers, so they use Crockford
// base32 (no I, L, O, U), carry 85 random bits and end in a Luhn mod 32 check character that catches
// every single-character typo without a database lookup. 18 characters fit GS1 AI(10) (≤ 20, alphanumeric).
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RANDOM_CHARS = 17;
export const LOT_CODE_LENGTH = RANDOM_CHARS + 1;
export const LOT_CODE_PATTERN = /^[0-9A-HJKMNP-TV-Z]{18}$/;

function randomBase32(length: number): string {
  const bytes = randomBytes(Math.ceil((length * 5) / 8));
  let bits = 0;
  let buffer = 0;
  let out = '';
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      bits -= 5;
      out += ALPHABET[(buffer >> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  return out;
}

/** Luhn mod N over the base32 alphabet. */
function checkCharacter(body: string): string {
  let sum = 0;
  let factor = 2;
  for (let i = body.length - 1; i >= 0; i--) {
    const addend = factor * ALPHABET.indexOf(body[i] as string);
    sum += Math.floor(addend / 32) + (addend % 32);
    factor = factor === 2 ? 1 : 2;
  }
  return ALPHABET[(32 - (sum % 32)) % 32] as string;
}

export function newLotCode(): string {
  const body = randomBase32(RANDOM_CHARS);
  return body + checkCharacter(body);
}

/** What is wrong with a would-be lot code, as shown to callers. */
export const LOT_CODE_PROBLEM = {
  shape: 'expected an 18-character lot code',
  check: 'lot code check character does not match',
} as const;

/** Shape, then check character: a code that fails either never reaches the database. */
export function lotCodeProblem(value: string): string | undefined {
  if (!LOT_CODE_PATTERN.test(value)) return LOT_CODE_PROBLEM.shape;
  return checkCharacter(value.slice(0, -1)) === value.slice(-1) ? undefined : LOT_CODE_PROBLEM.check;
}

export const isLotCode = (value: string): boolean => lotCodeProblem(value) === undefined;

/** Opaque, prefixed ids for villages (vil_), agreements (agr_), recalls (rcl_) and exports (exp_): 80 random bits. */
export function newId(prefix: 'vil' | 'agr' | 'rcl' | 'exp'): string {
  return `${prefix}_${randomBase32(16).toLowerCase()}`;
}

export const VILLAGE_ID_PATTERN = /^vil_[0-9a-hjkmnp-tv-z]{16}$/;
export const AGREEMENT_ID_PATTERN = /^agr_[0-9a-hjkmnp-tv-z]{16}$/;
export const RECALL_ID_PATTERN = /^rcl_[0-9a-hjkmnp-tv-z]{16}$/;
export const EXPORT_ID_PATTERN = /^exp_[0-9a-hjkmnp-tv-z]{16}$/;
/** A GTIN-14 as a GS1 Digital Link path carries it; the check digit is checked apart (idProblem). */
export const GTIN14_PATTERN = /^\d{14}$/;
/** Crop and store ids are chosen by ops: lowercase slugs. */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{1,39}$/;

/**
 * Every identifier that appears in a path, with its pattern and the message a caller sees when a
 * value does not match. The schemas and the route table's path parameters both read these, so a
 * body field and a path segment holding the same id are checked by the same rule.
 */
export const ID_RULES = {
  villageId: { pattern: VILLAGE_ID_PATTERN, message: 'expected a village id such as vil_…' },
  agreementId: { pattern: AGREEMENT_ID_PATTERN, message: 'expected an agreement id such as agr_…' },
  crop: { pattern: SLUG_PATTERN, message: 'expected a lowercase slug such as dekopon' },
  storeId: { pattern: SLUG_PATTERN, message: 'expected a lowercase slug such as sh-hongqiao-001' },
  lotCode: { pattern: LOT_CODE_PATTERN, message: LOT_CODE_PROBLEM.shape },
  recallId: { pattern: RECALL_ID_PATTERN, message: 'expected a recall id such as rcl_…' },
  exportId: { pattern: EXPORT_ID_PATTERN, message: 'expected an export id such as exp_…' },
  gtin: { pattern: GTIN14_PATTERN, message: 'expected a 14-digit GTIN' },
} as const;

/** What is wrong with a GTIN-14 that has the right shape: its GS1 check digit. */
export const GTIN_CHECK_PROBLEM = 'GTIN check digit does not match';

/** GTIN-8/12/13/14 with a valid GS1 mod-10 check digit, normalised to 14 digits. */
export function toGtin14(value: string): string | undefined {
  if (!/^(\d{8}|\d{12}|\d{13}|\d{14})$/.test(value)) return undefined;
  const gtin = value.padStart(14, '0');
  let sum = 0;
  for (let i = 0; i < 13; i++) sum += Number(gtin[i]) * (i % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10 === Number(gtin[13]) ? gtin : undefined;
}

/** A Standard Webhooks signing secret: whsec_ followed by 32 random bytes in base64. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export type IdName = keyof typeof ID_RULES;

/** What is wrong with a would-be identifier, as shown to callers; undefined when it is one. */
export function idProblem(name: IdName, value: string): string | undefined {
  if (name === 'lotCode') return lotCodeProblem(value);
  const rule = ID_RULES[name];
  if (!rule.pattern.test(value)) return rule.message;
  return name === 'gtin' && toGtin14(value) === undefined ? GTIN_CHECK_PROBLEM : undefined;
}
