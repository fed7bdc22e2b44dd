// The field schemas every entity's request and response schemas are built from: identifiers, text,
// dates, weights and money, lists. Each entity's schema module composes these.
// The namespace import lets esbuild leave out zod's locales and converters that are never used.
import * as z from 'zod';
import { ID_RULES, LOT_CODE_PROBLEM, isLotCode } from './codes';
import { kgToGrams } from './money';

export const text = (max: number) => z.string().trim().min(1).max(max);
export const localized = (max: number) => z.strictObject({ zh: text(max), en: text(max) });
export const localizedList = (max: number) =>
  z.strictObject({ zh: z.array(text(max)).min(1).max(50), en: z.array(text(max)).min(1).max(50) });

const id = (rule: { pattern: RegExp; message: string }) => z.string().regex(rule.pattern, rule.message);
export const VillageId = id(ID_RULES.villageId);
export const AgreementId = id(ID_RULES.agreementId);
export const CropId = id(ID_RULES.crop);
export const StoreId = id(ID_RULES.storeId);
export const RecallId = id(ID_RULES.recallId);
export const ExportId = id(ID_RULES.exportId);
// One problem per code: the check character is only worth checking once the shape holds.
export const LotCode = z
  .string()
  .regex(ID_RULES.lotCode.pattern, { error: LOT_CODE_PROBLEM.shape, abort: true })
  .refine(isLotCode, LOT_CODE_PROBLEM.check);

export const Grade = z.string().regex(/^[A-Za-z0-9_-]{1,16}$/, 'expected 1–16 letters, digits, _ or -');
export const IsoDate = z.iso.date();
const kgWithin = (min: z.ZodNumber) => min.max(100_000_000).refine((kg) => kgToGrams(kg) !== undefined, 'at most 3 decimals');
export const Kg = kgWithin(z.number().positive());
export const KgOrZero = kgWithin(z.number().nonnegative());
export const Fen = z.number().int().nonnegative();
export const LocalizedText = localized(200);

export const ListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).optional(),
  cursor: z.string().max(1024).optional(),
});

/** One page of a list: `nextCursor` is present while more items follow. */
export interface Page<T> {
  readonly items: T[];
  readonly nextCursor?: string;
}

export const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().optional() });

export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

/** The longest harvest-date range a trace, a recall or an export may name. */
export const MAX_RANGE_DAYS = 400;

/**
 * A check that exactly one of `fields` is given, naming them all when none or several are. For an object
 * schema's `superRefine`.
 */
export function exactlyOneOf<T extends Record<string, unknown>>(fields: readonly (keyof T & string)[]) {
  return (value: T, context: z.RefinementCtx) => {
    const given = fields.filter((field) => value[field] !== undefined);
    if (given.length === 1) return;
    const message = `give exactly one of ${fields.join(', ')}`;
    for (const field of given.length === 0 ? fields : given) context.addIssue({ code: 'custom', message, path: [field] });
  };
}

/** A check that `harvestedFrom` is not after `harvestedTo` and the two are at most MAX_RANGE_DAYS apart. */
export function harvestRange(value: { harvestedFrom?: string; harvestedTo?: string }, context: z.RefinementCtx) {
  const { harvestedFrom: from, harvestedTo: to } = value;
  if (from === undefined || to === undefined) return;
  if (from > to) context.addIssue({ code: 'custom', message: 'must not be before harvestedFrom', path: ['harvestedTo'] });
  else if ((Date.parse(to) - Date.parse(from)) / 86_400_000 > MAX_RANGE_DAYS) {
    context.addIssue({ code: 'custom', message: `must be at most ${MAX_RANGE_DAYS} days after harvestedFrom`, path: ['harvestedTo'] });
  }
}
