// What each change to the table adds to the weekly demand figures, and how the figures' adapter splits a
// large change into marked parts so a redelivery adds only what was not added.
import { describe, expect, it } from 'vitest';
import { contributionsOf, type ItemChange } from '../../../shared/demand/aggregate';
import { dynamoDbDemand } from '../../../shared/demand/dynamodb';
import type { Table, TransactItem } from '../../../shared/table/client';

const cities: Record<string, string> = { 'hz-1': 'Hangzhou', 'nb-1': 'Ningbo' };
const cityOf = async (storeId: string) => cities[storeId] ?? '';
const change = (before?: Record<string, unknown>, after?: Record<string, unknown>): ItemChange => ({
  id: 'e1',
  sequence: '1',
  before,
  after,
});
const day = (city: string, lines: [string, number, number, number][]) => ({
  entity: 'salesDay',
  storeId: 'hz-1',
  city,
  date: '2026-03-04',
  lines: lines.map(([crop, soldGrams, revenueFen, wasteGrams]) => ({ crop, soldGrams, revenueFen, wasteGrams })),
});

describe('contributionsOf', () => {
  it('adds a new day’s lines in its city and ISO week', async () => {
    expect(await contributionsOf(change(undefined, day('Hangzhou', [['kiwi', 5_000, 900, 100]])), cityOf)).toEqual([
      { crop: 'kiwi', city: 'Hangzhou', week: '2026-W10', figures: { soldGrams: 5_000, revenueFen: 900, wasteGrams: 100 } },
    ]);
  });

  it('adds the difference between a corrected day and the one it replaces, crop by crop', async () => {
    const before = day('Hangzhou', [
      ['kiwi', 5_000, 900, 100],
      ['fig', 1_000, 100, 0],
    ]);
    const after = day('Hangzhou', [
      ['kiwi', 6_000, 900, 100],
      ['pear', 2_000, 300, 0],
    ]);
    const added = await contributionsOf(change(before, after), cityOf);
    expect(added).toEqual([
      { crop: 'kiwi', city: 'Hangzhou', week: '2026-W10', figures: { soldGrams: 1_000, revenueFen: 0, wasteGrams: 0 } },
      { crop: 'fig', city: 'Hangzhou', week: '2026-W10', figures: { soldGrams: -1_000, revenueFen: -100, wasteGrams: 0 } },
      { crop: 'pear', city: 'Hangzhou', week: '2026-W10', figures: { soldGrams: 2_000, revenueFen: 300, wasteGrams: 0 } },
    ]);
  });

  it('takes a day’s old lines out of the city they were counted in', async () => {
    const added = await contributionsOf(change(day('Hangzhou', [['kiwi', 5, 5, 0]]), day('Shaoxing', [['kiwi', 5, 5, 0]])), cityOf);
    expect(added.map((c) => [c.city, c.figures.soldGrams])).toEqual([
      ['Hangzhou', -5],
      ['Shaoxing', 5],
    ]);
  });

  it('adds a lot’s first receipt in the receiving store’s city and the China week of its time, and nothing else of lots', async () => {
    const lot = { entity: 'lot', crop: 'kiwi', grams: 10_000 };
    const receipt = { storeId: 'nb-1', at: '2026-03-08T17:00:00.000Z', acceptedGrams: 9_000, rejectedGrams: 1_000 };
    // 17:00 UTC on Sunday is Monday 01:00 in China: the next week.
    expect(await contributionsOf(change(lot, { ...lot, receipt }), cityOf)).toEqual([
      { crop: 'kiwi', city: 'Ningbo', week: '2026-W11', figures: { acceptedGrams: 9_000, rejectedGrams: 1_000 } },
    ]);
    expect(await contributionsOf(change(undefined, lot), cityOf)).toEqual([]);
    expect(await contributionsOf(change({ ...lot, receipt }, { ...lot, receipt, recall: {} }), cityOf)).toEqual([]);
  });

  it('adds a log file’s scan counts once, when it is written', async () => {
    const file = { entity: 'scanLog', cells: [{ crop: 'kiwi', city: 'Ningbo', week: '2026-W10', scans: 12 }] };
    expect(await contributionsOf(change(undefined, file), cityOf)).toEqual([
      { crop: 'kiwi', city: 'Ningbo', week: '2026-W10', figures: { scans: 12 } },
    ]);
    expect(await contributionsOf(change(file, undefined), cityOf)).toEqual([]);
  });

  it('adds nothing for other items', async () => {
    for (const entity of ['village', 'agreement', 'demandWeek', 'aggregated', 'salesDelivery', undefined]) {
      expect(await contributionsOf(change(undefined, { entity }), cityOf), String(entity)).toEqual([]);
    }
  });
});

describe('the figures adapter', () => {
  /** A table that records transactions and refuses the marks it is told are taken. */
  function fakeTable(taken: Set<string>) {
    const sent: Record<string, TransactItem>[] = [];
    const table = {
      async transact(items: Record<string, TransactItem>) {
        sent.push(items);
        const mark = items.mark as { Put: { Item: { pk: string; sk: string } } };
        const refused = taken.has(`${mark.Put.Item.pk}|${mark.Put.Item.sk}`);
        return refused ? { ok: false, failed: (name: string) => name === 'mark', stored: () => undefined } : { ok: true };
      },
    } as unknown as Table;
    return { table, sent };
  }
  const contributions = Array.from({ length: 60 }, (_, i) => ({
    crop: `crop-${String(i).padStart(2, '0')}`,
    city: 'Hangzhou',
    week: '2026-W10',
    figures: { soldGrams: 1_000 + i },
  }));

  it('adds each crop’s week in total and in its city, at most 99 items and a mark to a transaction', async () => {
    const { table, sent } = fakeTable(new Set());
    await dynamoDbDemand(table).apply('e1', contributions);
    expect(sent.map((items) => Object.keys(items).length)).toEqual([100, 22]);
    const marks = sent.map((items) => (items.mark as { Put: { Item: { pk: string; sk: string; expiresAt: number } } }).Put.Item);
    expect(marks.map((m) => `${m.pk}|${m.sk}`)).toEqual(['AGGREGATED#e1|#0', 'AGGREGATED#e1|#1']);
    expect(marks[0]!.expiresAt).toBeGreaterThan(Date.now() / 1000 + 86_400);
    const keys = sent.flatMap((items) =>
      Object.entries(items)
        .filter(([name]) => name !== 'mark')
        .map(([, item]) => {
          const { pk, sk } = (item as unknown as { Update: { Key: { pk: string; sk: string } } }).Update.Key;
          return `${pk}|${sk}`;
        }),
    );
    expect(new Set(keys).size).toBe(120);
    expect(keys).toContain('DEMAND#crop-00|TOTAL#2026-W10');
    expect(keys).toContain('DEMAND#crop-59|CITY#Hangzhou#2026-W10');
  });

  it('skips the parts already added when a source is applied again', async () => {
    const { table, sent } = fakeTable(new Set(['AGGREGATED#e1|#0']));
    await dynamoDbDemand(table).apply('e1', contributions);
    expect(sent).toHaveLength(2);
  });
});
