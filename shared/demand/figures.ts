// The weekly demand figures of a crop, in total and per city: what stores sold (kg, revenue, waste), how
// often shoppers scanned its lots, and what stores accepted and rejected at receipt. The stream aggregator
// is their only writer; the forecast, the weekly view and the recommendations read them.
import * as z from 'zod';
import { CropId, Fen } from '../fields';
import { gramsToKg } from '../money';

export const FIGURES = ['soldGrams', 'revenueFen', 'wasteGrams', 'scans', 'acceptedGrams', 'rejectedGrams'] as const;
export type Figure = (typeof FIGURES)[number];
export type Figures = Partial<Record<Figure, number>>;

/** An addition to the figures of a crop's week in one city (and so in its total). */
export interface Contribution {
  readonly crop: string;
  /** The store's city; empty when unknown. */
  readonly city: string;
  readonly week: string;
  readonly figures: Figures;
}

/** A week's figures as kept: in total (no city) or in one city. */
export interface WeeklyFigures extends Record<Figure, number> {
  crop: string;
  week: string;
  city?: string;
}

export interface WeekRange {
  readonly from: string;
  readonly to: string;
}

/** What the aggregator and the demand views need of the figures' storage. */
export interface DemandRepository {
  /**
   * Adds the contributions of one source (a stream record) to the weekly figures. A source is added
   * once: applying it again, whole or after a failure part-way, adds nothing that was added before.
   */
  apply(source: string, contributions: readonly Contribution[]): Promise<void>;
  /** A crop's weeks in the range that have any figure, in order: its totals, or one city's. */
  weekly(crop: string, range: WeekRange, city?: string): Promise<WeeklyFigures[]>;
}

/** A CDN log file's scans of one crop, in one city and week. */
export interface ScanCell {
  readonly crop: string;
  readonly city: string;
  readonly week: string;
  readonly scans: number;
}

/** The scan counts of CDN log files, kept once per file: the aggregator adds each to the figures when it is kept. */
export interface ScanLogRepository {
  /**
   * Keeps the cells of one log file (`source`, its bucket and key) in one go, unless that file is
   * already kept; whether this call kept it.
   */
  record(source: string, cells: readonly ScanCell[]): Promise<boolean>;
}

export const WeekFigures = z.object({
  week: z.string(),
  soldKg: z.number(),
  revenueFen: Fen,
  wasteKg: z.number(),
  scans: z.number().int(),
  acceptedKg: z.number(),
  rejectedKg: z.number(),
});

export const WeeklyDemand = z.object({ crop: CropId, city: z.string().optional(), items: z.array(WeekFigures) });

/** What ops see of a week: kg and fen, every figure present. */
export function weekView(w: Partial<WeeklyFigures> & { week: string }): z.infer<typeof WeekFigures> {
  return {
    week: w.week,
    soldKg: gramsToKg(w.soldGrams ?? 0),
    revenueFen: w.revenueFen ?? 0,
    wasteKg: gramsToKg(w.wasteGrams ?? 0),
    scans: w.scans ?? 0,
    acceptedKg: gramsToKg(w.acceptedGrams ?? 0),
    rejectedKg: gramsToKg(w.rejectedGrams ?? 0),
  };
}
