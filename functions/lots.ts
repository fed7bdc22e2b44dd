// Harvest intake, dispatch, labels, recall and the internal lot view, for ops and the lot's own village staff.
import { createApiHandler, ok } from './commons/api';
import { config, deps } from './commons/dependencies';
import { count, METRIC } from './commons/metrics';
import { cloudFrontInvalidator, noInvalidation } from '../shared/cdn';
import * as lots from '../shared/use-cases/lots';

const invalidate = config.distributionId ? cloudFrontInvalidator(config.distributionId) : noInvalidation;

export const handler = createApiHandler('lots', {
  recordLot: async ({ principal, params, body }) => {
    const { created, lot } = await lots.recordLot(deps, principal, params.agreementId!, body);
    if (created) count(METRIC.lotRecorded);
    return { status: created ? 201 : 200, body: lot };
  },
  dispatchLot: async ({ principal, params, body }) => ok('dispatchLot', await lots.dispatchLot(deps, principal, params.lotCode!, body)),
  getLot: async ({ principal, params }) => ok('getLot', await lots.getLot(deps, principal, params.lotCode!)),
  recallLot: async ({ principal, params, body }) => {
    const lot = await lots.recallLot(deps, invalidate, principal, params.lotCode!, body);
    count(METRIC.lotRecalled);
    return ok('recallLot', lot);
  },
  getLabel: async ({ principal, params }) => ({
    statusCode: 200,
    headers: { 'content-type': 'image/svg+xml; charset=utf-8', 'cache-control': 'private, no-store' },
    body: await lots.lotLabel(deps, principal, params.lotCode!),
  }),
});
