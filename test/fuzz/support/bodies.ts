// Request bodies for the fuzz suite: a mostly valid sample per operation that takes one, and plans that
// mutate it, replace it with hostile values or break its JSON.
import * as fc from 'fast-check';
import type { z } from 'zod';
import type { contract } from '../../../shared/contract';
import type { OperationId } from '../../../shared/routes';
import { chinaDay } from '../../support/api';
import type { BodyPlan } from './requests';
import { brokenText, hostileValue, mutate, mutations, Ref, type IdKind, type Value, wellFormed } from './values';

/** Operations whose route takes a body; the type makes a new one fail to compile until it has a sample. */
export type BodyOperation = { [K in OperationId]: (typeof contract)[K] extends { body: z.ZodType } ? K : never }[OperationId];

const text = (max: number) => fc.string({ unit: 'grapheme', minLength: 1, maxLength: Math.min(max, 24) });
const localized = (max: number) => fc.record({ zh: text(max), en: text(max) });
const localizedList = (max: number) =>
  fc.record({ zh: fc.array(text(max), { minLength: 1, maxLength: 3 }), en: fc.array(text(max), { minLength: 1, maxLength: 3 }) });
const ref = (kind: IdKind) => fc.nat().map((index) => new Ref(kind, index));
const kg = (maxGrams: number, minGrams = 1) => fc.integer({ min: minGrams, max: maxGrams }).map((grams) => grams / 1000);
const day = (from: number, to: number) => fc.integer({ min: from, max: to }).map((offset) => chinaDay(offset));
const instant = (fromSeconds: number, toSeconds: number) =>
  fc.tuple(fc.integer({ min: fromSeconds, max: toSeconds }), fc.boolean()).map(([seconds, china]) => {
    const at = new Date(Date.now() + seconds * 1000);
    return china ? new Date(at.getTime() + 8 * 3600_000).toISOString().replace('Z', '+08:00') : at.toISOString();
  });
const grade = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('A', 'B') },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,16}$/) },
);
const slug = fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,20}$/);
/** Mostly at most 7 decimals, as documented; sometimes any double in range (1e-200 once reached DynamoDB). */
const degrees = (limit: number) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: -limit * 1e7, max: limit * 1e7 }).map((n) => n / 1e7) },
    { weight: 1, arbitrary: fc.double({ min: -limit, max: limit, noNaN: true }) },
  );

/** Mostly valid bodies per operation: the starting point of mutation, and a success path of its own. */
export const validBodies: Record<BodyOperation, fc.Arbitrary<Value>> = {
  createVillage: fc.record(
    {
      name: localized(100),
      province: text(50),
      county: text(50),
      location: fc.record({ lat: degrees(90), lng: degrees(180) }),
      story: localized(2000),
      specialties: fc.array(fc.oneof(ref('crop'), slug), { maxLength: 3 }),
    },
    { requiredKeys: ['name', 'province', 'county'] },
  ),
  putCrop: fc.record({
    name: localized(100),
    recipes: fc.array(
      fc.record({
        title: localized(120),
        minutes: fc.integer({ min: 1, max: 1440 }),
        ingredients: localizedList(200),
        steps: localizedList(500),
      }),
      { maxLength: 3 },
    ),
  }),
  createStore: fc.record({ storeId: fc.oneof(slug, ref('storeId')), name: localized(100), city: text(50) }),
  createAgreement: fc.record(
    {
      villageId: ref('villageId'),
      crop: ref('crop'),
      variety: text(100),
      gtin: fc.constantFrom('06931234567899', '6931234567899', '96385074', '036000291452', '12345678', '06931234567890'),
      committedKg: kg(100_000_000_000),
      tolerancePct: fc.integer({ min: 0, max: 3000 }).map((bp) => bp / 100),
      prices: fc.uniqueArray(fc.record({ grade, fenPerKg: fc.integer({ min: 1, max: 10_000_000 }) }), {
        minLength: 1,
        maxLength: 4,
        selector: (p) => p.grade,
      }),
      deliveryWindow: fc
        .tuple(fc.integer({ min: -60, max: 30 }), fc.integer({ min: 0, max: 90 }))
        .map(([from, length]) => ({ from: chinaDay(from), to: chinaDay(from + length) })),
    },
    { requiredKeys: ['villageId', 'crop', 'committedKg', 'tolerancePct', 'prices', 'deliveryWindow'] },
  ),
  cancelAgreement: fc.record({ reason: text(500) }, { requiredKeys: [] }),
  recordLot: fc.record(
    {
      clientLotId: fc.oneof(fc.stringMatching(/^[A-Za-z0-9_.:-]{1,64}$/), fc.constantFrom('lot-1', 'lot-2', 'lot-3')),
      grade,
      quantityKg: fc.oneof({ weight: 4, arbitrary: kg(50_000) }, { weight: 1, arbitrary: kg(200_000_000) }),
      harvestedOn: fc.oneof({ weight: 4, arbitrary: day(-25, 0) }, { weight: 1, arbitrary: day(-40, 2) }),
      field: text(100),
      destinationStoreId: fc.oneof(ref('storeId'), slug),
    },
    { requiredKeys: ['clientLotId', 'grade', 'quantityKg', 'harvestedOn'] },
  ),
  dispatchLot: fc.record({
    storeId: fc.oneof({ weight: 4, arbitrary: ref('storeId') }, { weight: 1, arbitrary: slug }),
    dispatchedAt: instant(-5 * 86_400, 900),
  }),
  receiveReceipt: fc.record({
    type: fc.oneof(
      { weight: 6, arbitrary: fc.constant('shipment.received') },
      { weight: 1, arbitrary: fc.constantFrom('shipment.returned', 'SHIPMENT.RECEIVED', '') },
    ),
    timestamp: instant(-3600, 60),
    data: fc.record(
      {
        lotCode: fc.oneof({ weight: 5, arbitrary: ref('lotCode') }, { weight: 1, arbitrary: wellFormed.lotCode }),
        receivedAt: instant(-86_400, 60),
        acceptedKg: kg(30_000, 0),
        rejectedKg: fc.oneof(fc.constant(0), kg(5_000, 0)),
        rejectionReason: text(500),
        storeReceiptNo: text(64),
      },
      { requiredKeys: ['lotCode', 'receivedAt', 'acceptedKg', 'rejectedKg'] },
    ),
  }),
  receiveSales: fc.record({
    type: fc.oneof(
      { weight: 6, arbitrary: fc.constant('sales.daily') },
      { weight: 1, arbitrary: fc.constantFrom('sales.weekly', 'SALES.DAILY', '') },
    ),
    timestamp: instant(-3600, 60),
    data: fc.record({
      // Mostly within the last month; sometimes past the 3-year backfill limit or in the future.
      date: fc.oneof({ weight: 5, arbitrary: day(-30, 0) }, { weight: 1, arbitrary: day(-1200, 3) }),
      lines: fc.array(
        fc.record(
          {
            crop: fc.oneof({ weight: 4, arbitrary: ref('crop') }, { weight: 1, arbitrary: slug }),
            soldKg: kg(50_000_000, 0),
            revenueFen: fc.integer({ min: 0, max: 1_000_000_000 }),
            wasteKg: kg(5_000_000, 0),
          },
          { requiredKeys: ['crop', 'soldKg', 'revenueFen'] },
        ),
        { minLength: 1, maxLength: 4 },
      ),
    }),
  }),
  recallLot: fc.record({ reason: localized(200) }),
  createRecall: fc.record(
    {
      clientRecallId: fc.oneof(fc.stringMatching(/^[A-Za-z0-9_.:-]{1,64}$/), fc.constant('fz-replayed')),
      scope: fc.oneof(
        fc.record({ villageId: ref('villageId'), crop: fc.constantFrom('strawberry', 'kiwi') }, { requiredKeys: ['villageId'] }),
        fc.record(
          { agreementId: ref('agreementId'), harvestedFrom: day(-40, -1), harvestedTo: day(0, 5) },
          { requiredKeys: ['agreementId'] },
        ),
        fc.record({ lotCodes: fc.uniqueArray(ref('lotCode'), { minLength: 1, maxLength: 3, selector: (r) => r.index }) }),
      ),
      reason: localized(200),
    },
    { requiredKeys: ['clientRecallId', 'scope', 'reason'] },
  ),
  createExport: fc.record({
    clientExportId: fc.oneof(fc.stringMatching(/^[A-Za-z0-9_.:-]{1,64}$/), fc.constant('fz-export-replayed')),
    format: fc.constantFrom('fsma204-csv', 'epcis-2.0-jsonld'),
    scope: fc.oneof(
      fc.record({ villageId: ref('villageId'), harvestedFrom: day(-40, -1) }, { requiredKeys: ['villageId'] }),
      fc.record({ agreementId: ref('agreementId') }),
      fc.record({ storeId: ref('storeId'), harvestedTo: day(0, 5) }, { requiredKeys: ['storeId'] }),
      fc.record({ recallId: ref('recallId') }),
      fc.record({ lotCodes: fc.uniqueArray(ref('lotCode'), { minLength: 1, maxLength: 3, selector: (r) => r.index }) }),
    ),
  }),
};

const hasSample = (operationId: OperationId): operationId is BodyOperation => operationId in validBodies;

/** A valid body for the operation, or `{}` for operations that take none. */
export const validBodyOf = (operationId: OperationId): fc.Arbitrary<Value> =>
  hasSample(operationId) ? validBodies[operationId] : fc.constant<Value>({});

export function bodyPlan(operationId: OperationId): fc.Arbitrary<BodyPlan> {
  const valid = validBodyOf(operationId);
  return fc.oneof(
    { weight: 4, arbitrary: valid.map((value) => ({ kind: 'json' as const, value })) },
    {
      weight: 7,
      arbitrary: fc.tuple(valid, mutations).map(([value, changes]) => ({ kind: 'json' as const, value: mutate(value, changes) })),
    },
    { weight: 1, arbitrary: hostileValue.map((value) => ({ kind: 'json' as const, value })) },
    { weight: 1, arbitrary: brokenText.map((text) => ({ kind: 'text' as const, text })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
  );
}
