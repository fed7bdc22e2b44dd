// Demand: a crop's forecast against the supply already contracted and its weekly figures (ops), the crops a
// village could grow (ops and that village's staff), and the program's year against its targets (ops).
import { readProgramTargets } from '../shared/config';
import { forecastDemand, recommendCrops, weeklyDemand } from '../shared/demand/use-cases';
import { programSummary } from '../shared/program/use-cases';
import { createApiHandler } from './commons/api';
import { deps } from './commons/dependencies';

const targets = readProgramTargets();

export const handler = createApiHandler('demand', {
  getDemandForecast: ({ query }) => forecastDemand(deps, query),
  getDemandWeeks: ({ query }) => weeklyDemand(deps, query),
  getRecommendations: ({ principal, params, query }) => recommendCrops(deps, principal, params.villageId, query),
  getProgramSummary: ({ query }) => programSummary(deps, targets, query),
});
