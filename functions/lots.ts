// Harvest intake, dispatch and the internal lot view, for ops and the lot's own village staff.
import { createApiHandler, ok } from './commons/api';
import { deps } from './commons/dependencies';
import * as lots from '../shared/use-cases/lots';

export const handler = createApiHandler('lots', {
  recordLot: async ({ principal, params, body }) => {
    const { created, lot } = await lots.recordLot(deps, principal, params.agreementId!, body);
    return { status: created ? 201 : 200, body: lot };
  },
  dispatchLot: async ({ principal, params, body }) =>
    ok('dispatchLot', await lots.dispatchLot(deps, principal, params.lotCode!, body)),
  getLot: async ({ principal, params }) => ok('getLot', await lots.getLot(deps, principal, params.lotCode!)),
});
