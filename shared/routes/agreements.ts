// Fixed-price agreements with villages, and their settlement.
import type { Route } from './route';

export const agreementRoutes = {
  createAgreement: {
    method: 'POST',
    path: '/api/v1/agreements',
    group: 'agreements',
    access: 'ops',
    status: 201,
    summary: 'Sign a fixed-price sales agreement with a village',
  },
  getAgreement: {
    method: 'GET',
    path: '/api/v1/agreements/{agreementId}',
    group: 'agreements',
    access: 'staff',
    status: 200,
    summary: 'Read an agreement with its progress',
  },
  listVillageAgreements: {
    method: 'GET',
    path: '/api/v1/villages/{villageId}/agreements',
    group: 'agreements',
    access: 'staff',
    status: 200,
    summary: "List a village's agreements, newest first",
  },
  cancelAgreement: {
    method: 'POST',
    path: '/api/v1/agreements/{agreementId}/cancel',
    group: 'agreements',
    access: 'ops',
    status: 200,
    summary: 'Cancel an agreement; no further lots are accepted',
  },
  getSettlement: {
    method: 'GET',
    path: '/api/v1/agreements/{agreementId}/settlement',
    group: 'agreements',
    access: 'staff',
    status: 200,
    summary: 'Per-lot and total payouts of an agreement',
  },
} as const satisfies Record<string, Route>;
