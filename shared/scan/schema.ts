// The public scan projection's schema: the contract of `GET /api/v1/scan/{lotCode}` and the OpenAPI
// document's description of it. Kept apart from projection.ts so the scan function loads no zod.
import * as z from 'zod';
import { Recipe } from '../crops/crop';
import { CropId, IsoDate, LocalizedText, LotCode } from '../fields';

/**
 * The only shape a scan response may have. At run time `scanView()` builds each response field by
 * field from this list, and the scan function never parses it (that would load zod on the hot
 * path). The schema is strict so that every test that parses a scan response with it (the scan
 * integration tests, the fuzz suite's response check) fails on a field that is not on this allowlist:
 * a price, a payout, a person. Dates only; no weights, no store receipt figures, no staff identities.
 */
export const ScanView = z.strictObject({
  lotCode: LotCode,
  product: z.strictObject({
    crop: CropId,
    name: LocalizedText,
    variety: z.string().optional(),
    gtin: z
      .string()
      .regex(/^\d{14}$/)
      .optional(),
  }),
  village: z.strictObject({
    name: LocalizedText,
    province: z.string(),
    county: z.string(),
    location: z.strictObject({ lat: z.number(), lng: z.number() }).optional(),
    story: z.strictObject({ zh: z.string(), en: z.string() }).optional(),
  }),
  harvestedOn: IsoDate,
  journey: z.array(
    z.strictObject({
      step: z.enum(['harvested', 'shipped', 'received']),
      /** A date (harvested) or an ISO timestamp (shipped, received). */
      at: z.string(),
      store: z.strictObject({ name: LocalizedText, city: z.string() }).optional(),
    }),
  ),
  recipes: z.array(Recipe),
  recall: z.strictObject({ reason: LocalizedText, recalledAt: z.iso.datetime() }).optional(),
  updatedAt: z.iso.datetime(),
});

export type ScanViewData = z.infer<typeof ScanView>;
