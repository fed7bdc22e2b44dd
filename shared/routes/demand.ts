// Demand: forecasts, weekly figures, the program summary and recommendations for a village.
import type { Route } from './route';

export const demandRoutes = {
  getDemandForecast: {
    method: 'GET',
    path: '/api/v1/demand/forecast',
    group: 'demand',
    access: 'ops',
    status: 200,
    summary: 'Weekly demand forecast of a crop against contracted supply',
  },
  getDemandWeeks: {
    method: 'GET',
    path: '/api/v1/demand/weeks',
    group: 'demand',
    access: 'ops',
    status: 200,
    summary: 'Weekly figures of a crop',
  },
  getProgramSummary: {
    method: 'GET',
    path: '/api/v1/program/summary',
    group: 'demand',
    access: 'ops',
    status: 200,
    summary: "The program's year against its targets",
  },
  getRecommendations: {
    method: 'GET',
    path: '/api/v1/villages/{villageId}/recommendations',
    group: 'demand',
    access: 'staff',
    status: 200,
    summary: 'Crops a village could grow, best first',
  },
} as const satisfies Record<string, Route>;
