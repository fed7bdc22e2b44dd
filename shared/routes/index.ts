// The one route table: every endpoint's method, path, function group, access and documented status, and
// the rule each path parameter must meet. The CDK API, the local gateway, the Lambda dispatchers and the
// OpenAPI document all read it; each operation's request and response schemas are in contract.ts. The
// rows live by entity in this folder, and their operation ids are unique across it.
import type { IdName } from '../codes';
import { agreementRoutes } from './agreements';
import { catalogueRoutes } from './catalogue';
import { demandRoutes } from './demand';
import { lotRoutes } from './lots';
import { offerRoutes } from './offers';
import { publicRoutes } from './public';
import type { ParamNames, Route } from './route';
import { storeFeedRoutes } from './store-feeds';
import { traceabilityRoutes } from './traceability';

export * from './route';

export const routes = {
  ...catalogueRoutes,
  ...agreementRoutes,
  ...lotRoutes,
  ...offerRoutes,
  ...storeFeedRoutes,
  ...demandRoutes,
  ...traceabilityRoutes,
  ...publicRoutes,
} as const satisfies Record<string, Route>;

export type OperationId = keyof typeof routes;

// Every path parameter names an identifier with a rule: a route with any other `{name}` does not compile.
const everyParameterHasARule: ParamNames<(typeof routes)[OperationId]['path']> extends IdName ? true : never = true;
void everyParameterHasARule;

export const routeList = Object.entries(routes).map(([operationId, route]) => ({
  operationId: operationId as OperationId,
  ...(route as Route),
}));

export const functionGroups = [...new Set(routeList.map((r) => r.group))];
