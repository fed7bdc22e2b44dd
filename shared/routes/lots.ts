// Harvest lots: recorded against an agreement, dispatched, labelled, recalled one by one.
import type { Route } from './route';

export const lotRoutes = {
  recordLot: {
    method: 'POST',
    path: '/api/v1/agreements/{agreementId}/lots',
    group: 'lots',
    access: 'staff',
    status: 201,
    summary: 'Record a harvested lot (201 new, 200 replay of the same clientLotId)',
  },
  dispatchLot: {
    method: 'POST',
    path: '/api/v1/lots/{lotCode}/dispatch',
    group: 'lots',
    access: 'staff',
    status: 200,
    summary: 'Record that a lot left for a store',
  },
  getLot: {
    method: 'GET',
    path: '/api/v1/lots/{lotCode}',
    group: 'lots',
    access: 'staff',
    status: 200,
    summary: 'Read a lot (internal view)',
  },
  recallLot: {
    method: 'POST',
    path: '/api/v1/lots/{lotCode}/recall',
    group: 'lots',
    access: 'ops',
    status: 200,
    summary: 'Recall a lot: shoppers see the recall banner within a minute',
  },
  getLabel: {
    method: 'GET',
    path: '/api/v1/lots/{lotCode}/label.svg',
    group: 'lots',
    access: 'staff',
    status: 200,
    summary: 'Printable label: QR code, product, village, harvest date, weight, lot code',
  },
} as const satisfies Record<string, Route>;
