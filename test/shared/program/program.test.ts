// The program summary's read model: what each change to an agreement adds to its village's row of the year
// its delivery starts, and the summary of a year's rows by province against the targets.
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROGRAM_TARGETS, readProgramTargets } from '../../../shared/config';
import { programChangeOf, type ProgramRow, summarize } from '../../../shared/program/program';
import { agreement } from '../../support/records';

const signed = agreement({ committedGrams: 1_000_000, deliveryWindow: { from: '2026-12-20', to: '2027-02-10' } });
const row = (villageId: string, province: string, figures: Partial<ProgramRow> = {}): ProgramRow => ({
  year: 2026,
  villageId,
  province,
  agreements: 0,
  committedGrams: 0,
  deliveredGrams: 0,
  acceptedGrams: 0,
  paidFen: 0,
  ...figures,
});

describe('programChangeOf', () => {
  it('adds a new agreement and its commitment to the year its delivery starts, in its village’s province', () => {
    expect(programChangeOf(undefined, signed)).toEqual({
      year: 2026,
      villageId: signed.villageId,
      province: 'Sichuan',
      figures: { agreements: 1, committedGrams: 1_000_000, deliveredGrams: 0, acceptedGrams: 0, paidFen: 0 },
    });
  });

  it('adds what a lot delivered and what a receipt accepted and paid, and nothing for other changes', () => {
    const delivered = { ...signed, deliveredGrams: 12_000 };
    expect(programChangeOf(signed, delivered)?.figures).toEqual({
      agreements: 0,
      committedGrams: 0,
      deliveredGrams: 12_000,
      acceptedGrams: 0,
      paidFen: 0,
    });
    const received = { ...delivered, acceptedGrams: 11_000, rejectedGrams: 1_000, actualPayoutFen: 13_574 };
    expect(programChangeOf(delivered, received)?.figures).toEqual({
      agreements: 0,
      committedGrams: 0,
      deliveredGrams: 0,
      acceptedGrams: 11_000,
      paidFen: 13_574,
    });
    expect(programChangeOf(received, { ...received, recalls: { version: 2, scopes: [] } } as typeof received)).toBeUndefined();
  });

  it('takes a cancelled agreement and its commitment away, but not what it delivered', () => {
    const delivered = { ...signed, deliveredGrams: 12_000 };
    expect(programChangeOf(delivered, { ...delivered, status: 'cancelled' })?.figures).toEqual({
      agreements: -1,
      committedGrams: -1_000_000,
      deliveredGrams: 0,
      acceptedGrams: 0,
      paidFen: 0,
    });
  });
});

describe('summarize', () => {
  it('counts villages with an active agreement or deliveries, totals the figures in kg and by province, against the targets', () => {
    const rows = [
      row('v1', 'Sichuan', { agreements: 2, committedGrams: 3_000_000, deliveredGrams: 500_000, acceptedGrams: 450_000, paidFen: 540_000 }),
      row('v2', 'Sichuan', { agreements: 0, committedGrams: 0, deliveredGrams: 10_000, acceptedGrams: 10_000, paidFen: 12_000 }),
      row('v3', 'Yunnan', { agreements: 1, committedGrams: 2_000_500, paidFen: 0 }),
      // Its only agreement was cancelled before anything was delivered.
      row('v4', 'Zhejiang'),
    ];
    expect(summarize(2026, rows, { villages: 4, paidFenPerYear: 1_104_000 })).toEqual({
      year: 2026,
      villages: { active: 3, target: 4 },
      agreements: { count: 3, committedKg: 5_000.5 },
      deliveredKg: 510,
      acceptedKg: 460,
      paidFen: 552_000,
      targetPaidFen: 1_104_000,
      progress: { villagesPct: 75, paidPct: 50 },
      byProvince: [
        { province: 'Sichuan', villages: 2, agreements: 2, committedKg: 3_000, deliveredKg: 510, acceptedKg: 460, paidFen: 552_000 },
        { province: 'Yunnan', villages: 1, agreements: 1, committedKg: 2_000.5, deliveredKg: 0, acceptedKg: 0, paidFen: 0 },
      ],
    });
    expect(summarize(2031, [], DEFAULT_PROGRAM_TARGETS).progress).toEqual({ villagesPct: 0, paidPct: 0 });
  });
});

describe('readProgramTargets', () => {
  it('reads the targets from PROGRAM_TARGETS, defaults to the program’s own and refuses nonsense', () => {
    expect(readProgramTargets({})).toEqual({ villages: 1_000, paidFenPerYear: 2_000_000_000_000 });
    expect(readProgramTargets({ PROGRAM_TARGETS: '{"villages":1200,"paidFenPerYear":2500000000000}' })).toEqual({
      villages: 1_200,
      paidFenPerYear: 2_500_000_000_000,
    });
    for (const bad of ['{"villages":0,"paidFenPerYear":1}', '{"villages":10}', '{"villages":1.5,"paidFenPerYear":1}', 'many']) {
      expect(() => readProgramTargets({ PROGRAM_TARGETS: bad }), bad).toThrow(/PROGRAM_TARGETS/);
    }
  });
});
