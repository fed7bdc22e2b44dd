// Valid queries of the routes whose query is more than a page size and a cursor: a fuzz case that leaves
// the query alone sends one of these, so it reaches the handler past validation.
import * as fc from 'fast-check';
import { isoWeekOf } from '../../../shared/demand/weeks';
import type { OperationId } from '../../../shared/routes';
import { chinaDay } from '../../support/api';
import type { QueryPlan } from './requests';
import { type IdKind, Ref } from './values';

/** A trace's valid query: one anchor, sometimes a crop, harvest dates and a page size. */
const traceQuery: fc.Arbitrary<QueryPlan> = fc
  .tuple(
    fc.constantFrom<IdKind>('villageId', 'agreementId', 'storeId'),
    fc.nat(),
    fc.option(fc.constantFrom('strawberry', 'kiwi'), { nil: undefined }),
    fc.option(fc.integer({ min: -60, max: 0 }), { nil: undefined }),
    fc.option(fc.integer({ min: 1, max: 1000 }), { nil: undefined }),
  )
  .map(([anchor, index, crop, fromDay, limit]) => [
    [anchor, new Ref(anchor, index)] as const,
    ...(crop ? [['crop', crop] as const] : []),
    ...(fromDay === undefined ? [] : [['harvestedFrom', chinaDay(fromDay)] as const, ['harvestedTo', chinaDay(fromDay + 30)] as const]),
    ...(limit === undefined ? [] : [['limit', String(limit)] as const]),
  ]);

/** A week `offset` weeks from this one, as the demand routes name weeks. */
const weekFromNow = (offset: number) => isoWeekOf(chinaDay(offset * 7));

/** A list of offers: sometimes by status, with a page size or a cursor. */
const offerListQuery: fc.Arbitrary<QueryPlan> = fc
  .tuple(
    fc.option(fc.constantFrom('open', 'accepted', 'declined', 'expired'), { nil: undefined }),
    fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
    // Mostly none: most cursors the world has seen belong to other lists, which are refused.
    fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.nat() }),
  )
  .map(([status, limit, cursor]) => [
    ...(status === undefined ? [] : [['status', status] as const]),
    ...(limit === undefined ? [] : [['limit', String(limit)] as const]),
    ...(cursor === undefined ? [] : [['cursor', { cursor }] as const]),
  ]);

/** The valid queries of routes whose query is more than a page size and a cursor. */
export const validQueries: Partial<Record<OperationId, fc.Arbitrary<QueryPlan>>> = {
  traceLots: traceQuery,
  getDemandForecast: fc
    .tuple(fc.nat(), fc.option(fc.integer({ min: 1, max: 52 }), { nil: undefined }))
    .map(([index, weeks]) => [
      ['crop', new Ref('crop', index)] as const,
      ...(weeks === undefined ? [] : [['weeks', String(weeks)] as const]),
    ]),
  getDemandWeeks: fc
    .tuple(fc.nat(), fc.option(fc.constantFrom('Shanghai', 'Chengdu'), { nil: undefined }), fc.integer({ min: -200, max: 0 }), fc.nat(160))
    .map(([index, city, from, length]) => [
      ['crop', new Ref('crop', index)] as const,
      ...(city === undefined ? [] : [['city', city] as const]),
      ['from', weekFromNow(from)] as const,
      ['to', weekFromNow(from + length)] as const,
    ]),
  getRecommendations: fc
    .option(fc.integer({ min: 1, max: 20 }), { nil: undefined })
    .map((limit) => (limit ? [['limit', String(limit)]] : [])),
  getProgramSummary: fc
    .option(fc.integer({ min: 2020, max: 2030 }), { nil: undefined })
    .map((year) => (year ? [['year', String(year)]] : [])),
  listOffers: offerListQuery,
  listVillageOffers: offerListQuery,
};
