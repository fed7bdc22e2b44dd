// Public identifiers: lot codes that survive typing and GS1 labels, GTIN check digits, ids and webhook secrets.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { issuesOf } from '../../shared/errors';
import { LotCode } from '../../shared/fields';
import {
  AGREEMENT_ID_PATTERN,
  LOT_CODE_LENGTH,
  LOT_CODE_PATTERN,
  VILLAGE_ID_PATTERN,
  isLotCode,
  lotCodeProblem,
  newId,
  newLotCode,
  newWebhookSecret,
  toGtin14,
} from '../../shared/codes';

// Crockford base32, restated here so the tests do not borrow the code's own alphabet.
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The random body of a lot code (all but the check character) as a number. */
function decodeBody(code: string): bigint {
  let value = 0n;
  for (const char of code.slice(0, -1)) value = value * 32n + BigInt(CROCKFORD.indexOf(char));
  return value;
}

/** GS1 mod-10 check digit: weights 3, 1, 3, … from the rightmost data digit. */
function gs1CheckDigit(data: string): string {
  let sum = 0;
  for (const [i, digit] of [...data].reverse().entries()) sum += Number(digit) * (i % 2 === 0 ? 3 : 1);
  return String((10 - (sum % 10)) % 10);
}

/** Luhn mod 32 check character, as published for Luhn mod N: double every second value from the right. */
function luhnMod32(body: string): string {
  let sum = 0;
  [...body].reverse().forEach((char, i) => {
    const doubled = CROCKFORD.indexOf(char) * (i % 2 === 0 ? 2 : 1);
    sum += Math.floor(doubled / 32) + (doubled % 32);
  });
  return CROCKFORD[(32 - (sum % 32)) % 32]!;
}

const manyCodes = Array.from({ length: 20_000 }, () => newLotCode());

describe('newLotCode', () => {
  it('makes 18-character codes of Crockford base32 that fit GS1 AI(10)', () => {
    expect(LOT_CODE_LENGTH).toBe(18);
    const misfits = manyCodes.filter(
      (code) =>
        code.length !== LOT_CODE_LENGTH ||
        !LOT_CODE_PATTERN.test(code) ||
        // GS1 AI(10) allows up to 20 characters; upper-case letters and digits are safe in every symbology.
        !/^[0-9A-Z]{1,20}$/.test(code) ||
        /[ILOU]/.test(code) ||
        !isLotCode(code),
    );
    expect(misfits).toEqual([]);
    expect(manyCodes[0]).toHaveLength(18);
  });

  it('carries at least 80 random bits: 17 base32 characters before the check character', () => {
    expect(CROCKFORD).toHaveLength(32);
    expect(new Set(CROCKFORD).size).toBe(32);
    const randomChars = LOT_CODE_LENGTH - 1;
    const bits = randomChars * Math.log2(CROCKFORD.length);
    expect(bits).toBe(85);
    expect(bits).toBeGreaterThanOrEqual(80);
  });

  it('never repeats a code in 20,000', () => {
    expect(new Set(manyCodes).size).toBe(manyCodes.length);
  });

  it('does not count up: consecutive codes are far apart when decoded', () => {
    const decoded = manyCodes.map(decodeBody);
    const close = decoded.slice(1).filter((value, i) => {
      const difference = value - decoded[i]!;
      return (difference < 0n ? -difference : difference) <= 2n ** 40n;
    });
    expect(close).toEqual([]);
    expect(decoded.every((value) => value < 2n ** 85n)).toBe(true);
  });

  it('uses every character at every random position, roughly evenly', () => {
    // 20,000 codes give 625 of each character per position on average; 400 is about 9 standard deviations below.
    for (let position = 0; position < LOT_CODE_LENGTH - 1; position++) {
      const counts = new Map<string, number>();
      for (const code of manyCodes) counts.set(code[position]!, (counts.get(code[position]!) ?? 0) + 1);
      expect(counts.size).toBe(32);
      expect(Math.min(...counts.values())).toBeGreaterThan(400);
    }
  });
});

describe('isLotCode', () => {
  it('rejects every single-character substitution of a valid code', () => {
    for (const code of manyCodes.slice(0, 300)) {
      for (let position = 0; position < code.length; position++) {
        for (const char of CROCKFORD) {
          if (char === code[position]) continue;
          const typo = code.slice(0, position) + char + code.slice(position + 1);
          if (isLotCode(typo)) throw new Error(`${typo} passes as a typo of ${code} at position ${position}`);
        }
      }
    }
    expect(isLotCode(manyCodes[0]!)).toBe(true);
  });

  it('agrees with Luhn mod 32, so codes already printed on labels keep validating', () => {
    expect(manyCodes.filter((code) => luhnMod32(code.slice(0, -1)) !== code.slice(-1))).toEqual([]);
    // A fixed code worked by hand: body 0000000000000000Z (Z = 31, doubled 62 → 1 + 30 = 31) needs check 1.
    expect(luhnMod32('0000000000000000Z')).toBe('1');
    expect(isLotCode('0000000000000000Z1')).toBe(true);
    expect(isLotCode('0000000000000000Z0')).toBe(false);
  });

  it('rejects lower case', () => {
    const code = manyCodes.find((c) => /[A-Z]/.test(c))!;
    expect(isLotCode(code.toLowerCase())).toBe(false);
  });

  it('rejects codes one character short or long', () => {
    const code = manyCodes[1]!;
    expect(isLotCode(code.slice(0, -1))).toBe(false);
    expect(isLotCode(code.slice(1))).toBe(false);
    expect(isLotCode(`${code}0`)).toBe(false);
    expect(isLotCode('')).toBe(false);
  });

  it.each(['I', 'L', 'O', 'U'])('rejects the ambiguous letter %s anywhere', (letter) => {
    const code = manyCodes[2]!;
    const variants = [...code].map((_, position) => code.slice(0, position) + letter + code.slice(position + 1));
    expect(variants.filter(isLotCode)).toEqual([]);
    expect(variants).toHaveLength(18);
  });

  it('rejects surrounding whitespace', () => {
    expect(isLotCode(` ${manyCodes[3]!}`)).toBe(false);
    expect(isLotCode(`${manyCodes[3]!}\n`)).toBe(false);
  });
});

describe('lotCodeProblem', () => {
  it('names one problem: the shape first, then the check character', () => {
    const code = manyCodes[4]!;
    const wrongCheck = code.slice(0, -1) + CROCKFORD[(CROCKFORD.indexOf(code.at(-1)!) + 1) % 32];
    expect([code, wrongCheck, code.slice(1), 'NOT-A-LOT-CODE', ''].map(lotCodeProblem)).toEqual([
      undefined,
      'lot code check character does not match',
      'expected an 18-character lot code',
      'expected an 18-character lot code',
      'expected an 18-character lot code',
    ]);
  });

  // The scan function checks codes without the schema library; callers must not see a difference.
  it('says exactly what the LotCode schema says, for any string', () => {
    const nearCodes = fc
      .tuple(fc.constantFrom(...manyCodes.slice(0, 50)), fc.nat(17), fc.constantFrom(...CROCKFORD, 'a', 'I', ' ', '-'))
      .map(([code, at, char]) => code.slice(0, at) + char + code.slice(at + 1));
    const candidates = fc.oneof(fc.string({ unit: 'binary', maxLength: 24 }), nearCodes, fc.constantFrom(...manyCodes.slice(0, 50)));
    fc.assert(
      fc.property(candidates, (value) => {
        const parsed = LotCode.safeParse(value);
        const problem = lotCodeProblem(value);
        expect(parsed.success ? [] : issuesOf(parsed.error)).toEqual(problem ? [{ path: '(body)', message: problem }] : []);
      }),
      { seed: 20261128, numRuns: 2000 },
    );
  });
});

describe('toGtin14', () => {
  it.each([
    ['GTIN-14', '06931234567899', '06931234567899'],
    ['EAN-13', '4006381333931', '04006381333931'],
    ['UPC-A (GTIN-12)', '036000291452', '00036000291452'],
    ['EAN-8', '96385074', '00000096385074'],
  ])('accepts a valid %s and pads it to 14 digits', (_label, gtin, gtin14) => {
    expect(gs1CheckDigit(gtin.slice(0, -1))).toBe(gtin.slice(-1));
    expect(toGtin14(gtin)).toBe(gtin14);
  });

  it('accepts exactly the check digit GS1 defines, for any length it allows', () => {
    fc.assert(
      fc.property(fc.constantFrom(7, 11, 12, 13), fc.nat(), fc.nat(), (dataLength, high, low) => {
        const data = `${high}${low}`.padStart(dataLength, '0').slice(-dataLength);
        const right = gs1CheckDigit(data);
        expect(toGtin14(data + right)).toBe((data + right).padStart(14, '0'));
        for (const wrong of '0123456789'.replace(right, '')) expect(toGtin14(data + wrong)).toBeUndefined();
      }),
      { seed: 5, numRuns: 1_000 },
    );
  });

  it.each([
    ['a wrong check digit', '06931234567898'],
    ['a wrong EAN-13 check digit', '4006381333932'],
    ['a letter', '400638133393A'],
    ['spaces', ' 4006381333931'],
    ['a sign', '+4006381333931'],
    ['9 digits', '963850740'],
    ['11 digits', '03600029145'],
    ['15 digits', '006931234567899'],
    ['nothing', ''],
  ])('rejects %s', (_label, value) => {
    expect(toGtin14(value)).toBeUndefined();
  });
});

describe('newWebhookSecret', () => {
  it('is whsec_ followed by 32 random bytes in base64', () => {
    const secret = newWebhookSecret();
    expect(secret.startsWith('whsec_')).toBe(true);
    const encoded = secret.slice('whsec_'.length);
    const bytes = Buffer.from(encoded, 'base64');
    expect(bytes).toHaveLength(32);
    expect(bytes.toString('base64')).toBe(encoded);
  });

  it('differs on every call', () => {
    expect(newWebhookSecret()).not.toBe(newWebhookSecret());
  });
});

describe('newId', () => {
  it('makes village ids with 16 lower-case base32 characters after vil_', () => {
    const id = newId('vil');
    expect(id).toMatch(VILLAGE_ID_PATTERN);
    expect(id).not.toMatch(AGREEMENT_ID_PATTERN);
  });

  it('makes agreement ids that only the agreement pattern accepts', () => {
    const id = newId('agr');
    expect(id).toMatch(AGREEMENT_ID_PATTERN);
    expect(id).not.toMatch(VILLAGE_ID_PATTERN);
  });

  it('never repeats an id in 5,000', () => {
    const ids = Array.from({ length: 5_000 }, () => newId('vil'));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => VILLAGE_ID_PATTERN.test(id))).toBe(true);
  });
});
