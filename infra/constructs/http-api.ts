// The public HTTP API: one route per row of the route table, each sent to its group's function.
// Routes for ops and village staff need a Cognito-issued JWT; public and store routes do not.
import { Lazy, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnStage,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPoolClient, UserPool } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { needsJwt, routeKey, type Access, type FunctionGroup, type Route } from '../../shared/routes';
import type { ApiThrottling, Throttle } from '../config';

/**
 * One JSON line per request. It holds no request or response bodies, which may carry prices or
 * personal data; `sub` is the caller's opaque Cognito id, kept so ops actions can be traced.
 */
const accessLogFormat = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    // The caller at the TCP level: a CloudFront edge for every request through the CDN (the functions log the
    // viewer's, functions/commons/access-log.ts), the client itself at the API's own URL, which is refused.
    sourceIp: '$context.identity.sourceIp',
    userAgent: '$context.identity.userAgent',
    routeKey: '$context.routeKey',
    path: '$context.path',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    responseLatencyMs: '$context.responseLatency',
    integrationLatencyMs: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
    authorizerError: '$context.authorizer.error',
    sub: '$context.authorizer.claims.sub',
  }),
);

/**
 * Why a route without a JWT is acceptable, for each access level that `needsJwt` lets through:
 * it acknowledges cdk-nag's APIG4 on that route. A level with no reason here is not acknowledged,
 * so its routes fail synthesis.
 */
const withoutJwtBecause: Partial<Record<Access, (route: Route) => string>> = {
  public: (route) =>
    `${routeKey(route)} ("${route.summary}") is public in the route table: shoppers and tools call it ` +
    'without an account. It answers no personal or price data, and API Gateway throttling bounds abuse.',
  store: (route) =>
    `${routeKey(route)} ("${route.summary}") is a webhook called by store systems, which hold no ` +
    'Cognito account. The function authenticates every request by its Standard Webhooks signature ' +
    "with the store's own secret and answers 401 before any write when it does not verify; a " +
    'route throttle and a per-IP WAF rate limit at the CDN bound unsigned floods.',
};

/**
 * Which limits a route gets: the scan lookup, store webhooks and the ops and staff routes each
 * their own; any other route (the OpenAPI document) the stage default.
 */
export function throttleKindOf(route: Pick<Route, 'group' | 'access'>): keyof ApiThrottling {
  if (route.group === 'scan') return 'scan';
  if (route.access === 'store') return 'webhook';
  if (needsJwt(route)) return 'ops';
  return 'default';
}

export interface ProgramHttpApiProps {
  /** The pool whose ID tokens authorize ops and staff routes. */
  readonly userPool: UserPool;
  /** The app client the tokens must be issued to (their `aud`). */
  readonly userPoolClient: IUserPoolClient;
  /** Throttling per kind of route (see `throttleKindOf`); `default` is the stage's. */
  readonly throttle: ApiThrottling;
  /** How long access log events are kept. */
  readonly logRetention: RetentionDays;
  /** Whether the access log group outlives its stack. */
  readonly logRemovalPolicy: RemovalPolicy;
}

/**
 * An HTTP API with a JWT authorizer by default, access logs, and stage and per-route throttling.
 * No CORS: the only browser caller is the shopper page, which calls the API on its own origin
 * through the distribution; ops and store clients are not browsers.
 */
export class ProgramHttpApi extends Construct {
  readonly api: HttpApi;
  /** The API's base URL, without a trailing slash (the `$default` stage serves the root). */
  readonly url: string;
  private readonly stage: HttpStage;
  private readonly audiences: string[] = [];
  private readonly throttle: ApiThrottling;
  /** The stage's per-route settings, by route key; HttpStage has no property for them. */
  private readonly routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};

  constructor(scope: Construct, id: string, props: ProgramHttpApiProps) {
    super(scope, id);

    const authorizer = new HttpJwtAuthorizer(
      'CognitoAuthorizer',
      // ProviderURL is the issuer without its scheme: cognito-idp.<region>.<domain>/<pool id>.
      `https://${props.userPool.userPoolProviderUrl}`,
      // The app client's ID tokens, and those of clients added later (the console, the command line).
      { jwtAudience: Lazy.list({ produce: () => [props.userPoolClient.userPoolClientId, ...this.audiences] }) },
    );

    this.api = new HttpApi(this, 'Api', {
      apiName: Stack.of(this).stackName,
      description: 'Village-direct sourcing API',
      // A route added without an explicit choice still needs a token; public routes opt out.
      defaultAuthorizer: authorizer,
      // The stage is created below, with access logging and throttling.
      createDefaultStage: false,
    });
    this.url = this.api.apiEndpoint;

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle.default,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: accessLogFormat },
    });
    (this.stage.node.defaultChild as CfnStage).routeSettings = Lazy.any({
      produce: () => (Object.keys(this.routeSettings).length > 0 ? this.routeSettings : undefined),
    });
    this.throttle = props.throttle;
  }

  /** Accepts the ID tokens of another app client of the user pool. */
  acceptClient(client: IUserPoolClient): void {
    this.audiences.push(client.userPoolClientId);
  }

  /**
   * Adds one route per row, integrated with the function of the row's group. Each function gets one
   * integration; its invoke permission is scoped to each of its routes.
   */
  addRoutes(routes: readonly (Route & { readonly operationId: string })[], functions: Readonly<Record<FunctionGroup, IFunction>>): void {
    const integrations = new Map<FunctionGroup, HttpLambdaIntegration>();
    const integrationOf = (group: FunctionGroup) => {
      let integration = integrations.get(group);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${group}-integration`, functions[group]);
        integrations.set(group, integration);
      }
      return integration;
    };

    for (const route of routes) {
      const jwt = needsJwt(route);
      const httpRoute = new HttpRoute(this, route.operationId, {
        httpApi: this.api,
        routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
        integration: integrationOf(route.group),
        // Left undefined, the API's default JWT authorizer applies.
        authorizer: jwt ? undefined : new HttpNoneAuthorizer(),
      });
      const reason = jwt ? undefined : withoutJwtBecause[route.access];
      if (reason) Validations.of(httpRoute).acknowledge({ id: 'AwsSolutions::AwsSolutions-APIG4', reason: reason(route) });

      const kind = throttleKindOf(route);
      if (kind !== 'default') {
        const throttle: Throttle = this.throttle[kind];
        this.routeSettings[routeKey(route)] = { ThrottlingRateLimit: throttle.rateLimit, ThrottlingBurstLimit: throttle.burstLimit };
        // CloudFormation refuses settings for a route key the API does not have yet.
        this.stage.node.addDependency(httpRoute);
      }
    }
  }
}
