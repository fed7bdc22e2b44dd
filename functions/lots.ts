// Harvest intake, dispatch, labels, recall and the internal lot view, for ops and the lot's own village staff.
import * as lots from '../shared/lots/use-cases';
import { recordLot } from '../shared/lots/record-lot';
import { recallOneLot } from '../shared/recalls/use-cases';
import { createApiHandler } from './commons/api';
import { invalidate } from './commons/cdn';
import { deps } from './commons/dependencies';
import { RawReply, Reply } from './commons/http';
import { count, METRIC } from './commons/metrics';

export const handler = createApiHandler('lots', {
  recordLot: async ({ principal, params, body }) => {
    const { created, lot } = await recordLot(deps, principal, params.agreementId, body);
    if (!created) return new Reply(200, lot);
    count(METRIC.lotRecorded);
    return lot;
  },
  dispatchLot: ({ principal, params, body }) => lots.dispatchLot(deps, principal, params.lotCode, body),
  getLot: ({ principal, params }) => lots.getLot(deps, principal, params.lotCode),
  recallLot: async ({ principal, params, body }) => {
    const { recalled, lot } = await recallOneLot(deps, invalidate, principal, params.lotCode, body);
    if (recalled) count(METRIC.lotRecalled);
    return lot;
  },
  getLabel: async ({ principal, params }) =>
    new RawReply({
      statusCode: 200,
      headers: { 'content-type': 'image/svg+xml; charset=utf-8', 'cache-control': 'private, no-store' },
      body: await lots.lotLabel(deps, principal, params.lotCode),
    }),
});
