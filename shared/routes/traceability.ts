// Traceability at scope: lot traces, scoped recalls and regulator exports.
import type { Route } from './route';

export const traceabilityRoutes = {
  traceLots: {
    method: 'GET',
    path: '/api/v1/trace/lots',
    group: 'traceability',
    access: 'ops',
    status: 200,
    summary: 'Lots of a village or an agreement (forward) or of a store (back), by harvest date, with where each went',
  },
  createRecall: {
    method: 'POST',
    path: '/api/v1/recalls',
    group: 'traceability',
    access: 'ops',
    status: 202,
    summary: 'Recall every lot of a scope; a worker recalls them (202), a replay of the same request answers 200',
  },
  listRecalls: {
    method: 'GET',
    path: '/api/v1/recalls',
    group: 'traceability',
    access: 'ops',
    status: 200,
    summary: 'List recalls, newest first',
  },
  getRecall: {
    method: 'GET',
    path: '/api/v1/recalls/{recallId}',
    group: 'traceability',
    access: 'ops',
    status: 200,
    summary: 'One recall with its progress',
  },
  listRecallLots: {
    method: 'GET',
    path: '/api/v1/recalls/{recallId}/lots',
    group: 'traceability',
    access: 'ops',
    status: 200,
    summary: 'The lots a recall has recalled, by lot code',
  },
  createExport: {
    method: 'POST',
    path: '/api/v1/exports',
    group: 'exports',
    access: 'ops',
    status: 202,
    summary: 'Export records of a scope',
  },
  listExports: { method: 'GET', path: '/api/v1/exports', group: 'exports', access: 'ops', status: 200, summary: 'Exports, newest first' },
  getExport: { method: 'GET', path: '/api/v1/exports/{exportId}', group: 'exports', access: 'ops', status: 200, summary: 'An export' },
} as const satisfies Record<string, Route>;
