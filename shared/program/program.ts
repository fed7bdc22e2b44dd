// The program's progress in a year against its targets: villages taking part, agreements and their volumes,
// what was delivered, accepted and paid to farmers, by province. Read from a small read model: one row per
// village and year, kept by the stream aggregator from the changes to agreements, so a summary is one
// query of at most a thousand small items and never a scan of the agreements.
import * as z from 'zod';
import type { AgreementRecord } from '../agreements/agreement';
import { Fen } from '../fields';
import { gramsToKg } from '../money';

export const ProgramQuery = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100).optional() });

/** The program's targets: how many villages take part, and what is paid to farmers in a year. */
export interface ProgramTargets {
  readonly villages: number;
  readonly paidFenPerYear: number;
}

const Totals = z.object({
  villages: z.number().int(),
  agreements: z.number().int(),
  committedKg: z.number(),
  deliveredKg: z.number(),
  acceptedKg: z.number(),
  paidFen: Fen,
});

export const ProgramSummary = z.object({
  year: z.number().int(),
  villages: z.object({ active: z.number().int(), target: z.number().int() }),
  agreements: z.object({ count: z.number().int(), committedKg: z.number() }),
  deliveredKg: z.number(),
  acceptedKg: z.number(),
  paidFen: Fen,
  targetPaidFen: Fen,
  /** Percent of each target reached, one decimal. */
  progress: z.object({ villagesPct: z.number(), paidPct: z.number() }),
  byProvince: z.array(Totals.extend({ province: z.string() })),
});

/** What a village's agreements of one year add up to: the figures the read model keeps. */
export const PROGRAM_FIGURES = ['agreements', 'committedGrams', 'deliveredGrams', 'acceptedGrams', 'paidFen'] as const;
export type ProgramFigure = (typeof PROGRAM_FIGURES)[number];
export type ProgramFigures = Record<ProgramFigure, number>;

/** A village's row of a year: its active agreements whose delivery starts that year, and what they delivered and paid. */
export interface ProgramRow extends ProgramFigures {
  year: number;
  villageId: string;
  province: string;
}

/** An addition to a village's row of a year. */
export interface ProgramChange {
  readonly year: number;
  readonly villageId: string;
  readonly province: string;
  readonly figures: ProgramFigures;
}

export interface ProgramRepository {
  /** Adds a change to its row, once per source (a stream record): applying it again adds nothing. */
  apply(source: string, change: ProgramChange): Promise<void>;
  /** Every village's row of a year. */
  rows(year: number): Promise<ProgramRow[]>;
}

/** An agreement as the stream shows it: the parts the summary counts. */
export type AgreementImage = Pick<
  AgreementRecord,
  'villageId' | 'deliveryWindow' | 'status' | 'committedGrams' | 'deliveredGrams' | 'acceptedGrams' | 'actualPayoutFen' | 'scanBase'
>;

function figuresOf(agreement: AgreementImage | undefined): ProgramFigures {
  const active = agreement?.status === 'active';
  return {
    agreements: active ? 1 : 0,
    committedGrams: active ? (agreement?.committedGrams ?? 0) : 0,
    deliveredGrams: agreement?.deliveredGrams ?? 0,
    acceptedGrams: agreement?.acceptedGrams ?? 0,
    paidFen: agreement?.actualPayoutFen ?? 0,
  };
}

/**
 * What a change to an agreement adds to its village's row of the year its delivery starts: a new one adds
 * itself, a lot or a receipt adds what it delivered or paid, a cancellation takes the agreement and its
 * commitment away (what it delivered stays). Undefined when nothing the summary counts changed.
 */
export function programChangeOf(before: AgreementImage | undefined, after: AgreementImage | undefined): ProgramChange | undefined {
  const agreement = after ?? before;
  if (!agreement) return undefined;
  const [was, is] = [figuresOf(before), figuresOf(after)];
  const figures = Object.fromEntries(PROGRAM_FIGURES.map((f) => [f, is[f] - was[f]])) as ProgramFigures;
  if (PROGRAM_FIGURES.every((f) => figures[f] === 0)) return undefined;
  return {
    year: Number(agreement.deliveryWindow.from.slice(0, 4)),
    villageId: agreement.villageId,
    province: agreement.scanBase.village.province,
    figures,
  };
}

/** A village takes part in a year when it holds an active agreement delivering from that year, or delivered in one. */
const isActive = (row: ProgramFigures) => row.agreements > 0 || row.deliveredGrams > 0;
const percent = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0);

function totalsOf(rows: readonly ProgramRow[]) {
  const sum = (figure: ProgramFigure) => rows.reduce((total, row) => total + row[figure], 0);
  return {
    villages: rows.filter(isActive).length,
    agreements: sum('agreements'),
    committedKg: gramsToKg(sum('committedGrams')),
    deliveredKg: gramsToKg(sum('deliveredGrams')),
    acceptedKg: gramsToKg(sum('acceptedGrams')),
    paidFen: sum('paidFen'),
  };
}

export function summarize(year: number, rows: readonly ProgramRow[], targets: ProgramTargets): z.infer<typeof ProgramSummary> {
  const total = totalsOf(rows);
  const provinces = new Map<string, ProgramRow[]>();
  for (const row of rows) {
    const of = provinces.get(row.province) ?? [];
    of.push(row);
    provinces.set(row.province, of);
  }
  const byProvince = [...provinces]
    .map(([province, of]) => ({ province, ...totalsOf(of) }))
    .filter((p) => p.villages > 0 || p.agreements > 0 || p.paidFen > 0)
    .sort((a, b) => b.paidFen - a.paidFen || (a.province < b.province ? -1 : 1));
  return {
    year,
    villages: { active: total.villages, target: targets.villages },
    agreements: { count: total.agreements, committedKg: total.committedKg },
    deliveredKg: total.deliveredKg,
    acceptedKg: total.acceptedKg,
    paidFen: total.paidFen,
    targetPaidFen: targets.paidFenPerYear,
    progress: { villagesPct: percent(total.villages, targets.villages), paidPct: percent(total.paidFen, targets.paidFenPerYear) },
    byProvince,
  };
}
