// The HTTP API in each stage: its routes, authorizer, access log and throttling.
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { stages } from '../../infra/config';
import { throttleKindOf } from '../../infra/constructs/http-api';
import { needsJwt, routeKey, routeList, routes } from '../../shared/routes';
import { configOf } from './support/stages';
import { synthesized } from './support/synthesized';
import { byPath, exported } from './support/template';

const webhookRoutes = routeList.filter((r) => r.access === 'store');

describe.each(stages)('the %s stage', (stage) => {
  const s = synthesized(stage);
  const config = configOf(stage);

  describe('HTTP API', () => {
    it('has exactly one route per route-table row, keyed by method and path', () => {
      const keys = Object.values(s.stateless.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties.RouteKey);
      expect(keys.sort()).toEqual(routeList.map((r) => `${r.method} ${r.path}`).sort());
    });

    it('requires a Cognito JWT on every ops and staff route and nothing on public and store routes', () => {
      const routes = Object.values(s.stateless.findResources('AWS::ApiGatewayV2::Route'));
      const [authorizerId] = Object.keys(s.stateless.findResources('AWS::ApiGatewayV2::Authorizer'));
      expect([...new Set(routeList.filter((row) => !needsJwt(row)).map((row) => row.access))].sort()).toEqual(['public', 'store']);
      for (const row of routeList) {
        const route = routes.find((r) => r.Properties.RouteKey === routeKey(row))!.Properties;
        if (needsJwt(row)) {
          expect(route.AuthorizationType, routeKey(row)).toBe('JWT');
          expect(route.AuthorizerId, routeKey(row)).toEqual({ Ref: authorizerId });
        } else {
          expect(route.AuthorizationType, routeKey(row)).toBe('NONE');
          expect(route.AuthorizerId, routeKey(row)).toBeUndefined();
        }
      }
    });

    it('lets stores post receipts without a token, since the receipts function checks their signature', () => {
      const route = Object.values(s.stateless.findResources('AWS::ApiGatewayV2::Route')).find(
        (r) => r.Properties.RouteKey === routeKey(routes.receiveReceipt),
      )!.Properties;
      expect(routes.receiveReceipt.group).toBe('receipts');
      expect(route.AuthorizationType).toBe('NONE');
      expect(route.AuthorizerId).toBeUndefined();
    });

    it("accepts only tokens issued by the user pool to its clients: the app client, the console's and the command line's", () => {
      s.stateless.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
      const { JwtConfiguration, AuthorizerType } = Object.values(s.stateless.findResources('AWS::ApiGatewayV2::Authorizer'))[0]!.Properties;
      const [poolId] = Object.keys(s.stateful.findResources('AWS::Cognito::UserPool'));
      const [clientId] = Object.keys(s.stateful.findResources('AWS::Cognito::UserPoolClient'));
      expect(AuthorizerType).toBe('JWT');
      const [, [scheme, providerUrl]] = JwtConfiguration.Issuer['Fn::Join'];
      expect(scheme).toBe('https://');
      expect(exported(s.stateful, providerUrl)).toEqual({ 'Fn::GetAtt': [poolId, 'ProviderURL'] });
      const [appClient, ...signInClients] = JwtConfiguration.Audience;
      expect(exported(s.stateful, appClient)).toEqual({ Ref: clientId });
      const clients = byPath(s.stateless, 'AWS::Cognito::UserPoolClient');
      expect([...clients.keys()].sort()).toEqual(['SignIn/CommandLineClient/Resource', 'SignIn/ConsoleClient/Resource']);
      const ref = (path: string) => ({ Ref: clients.get(path)!.logicalId });
      expect(signInClients).toEqual([ref('SignIn/ConsoleClient/Resource'), ref('SignIn/CommandLineClient/Resource')]);
    });

    it('sends every route to the function of its group', () => {
      const functions = byPath(s.stateless, 'AWS::Lambda::Function');
      const integrations = s.stateless.findResources('AWS::ApiGatewayV2::Integration');
      for (const row of routeList) {
        const route = Object.values(s.stateless.findResources('AWS::ApiGatewayV2::Route')).find(
          (r) => r.Properties.RouteKey === routeKey(row),
        )!.Properties;
        const integrationId = route.Target['Fn::Join'][1][1].Ref as string;
        const target = integrations[integrationId]!.Properties.IntegrationUri['Fn::GetAtt'][0];
        expect(target, routeKey(row)).toBe(functions.get(`${row.group}-function/Function/Resource`)?.logicalId);
      }
    });

    it('logs every request and throttles the stage with the stage default limits', () => {
      s.stateless.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        AutoDeploy: true,
        DefaultRouteSettings: {
          ThrottlingRateLimit: config.throttle.default.rateLimit,
          ThrottlingBurstLimit: config.throttle.default.burstLimit,
        },
        AccessLogSettings: {
          DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('AccessLogs'), 'Arn'] },
          // sourceIp is CloudFront's edge for every request through the CDN: the functions log the viewer's.
          Format: Match.serializedJson(
            Match.objectLike({ requestId: '$context.requestId', status: '$context.status', sourceIp: '$context.identity.sourceIp' }),
          ),
        },
      });
    });

    it('throttles the scan, webhook and every ops and staff route with their own limits, and the rest with the default', () => {
      expect(webhookRoutes.map(routeKey)).toEqual([routeKey(routes.receiveReceipt), routeKey(routes.receiveSales)]);
      const limits = (kind: keyof typeof config.throttle) => ({
        ThrottlingRateLimit: config.throttle[kind].rateLimit,
        ThrottlingBurstLimit: config.throttle[kind].burstLimit,
      });
      const [stage] = Object.values(s.stateless.findResources('AWS::ApiGatewayV2::Stage'));
      const settings = stage!.Properties.RouteSettings as Record<string, unknown>;
      expect(settings[routeKey(routes.scanLot)]).toEqual(limits('scan'));
      expect(settings[routeKey(routes.receiveReceipt)]).toEqual(limits('webhook'));
      expect(settings[routeKey(routes.receiveSales)]).toEqual(limits('webhook'));
      for (const row of routeList.filter(needsJwt)) expect(settings[routeKey(row)], routeKey(row)).toEqual(limits('ops'));
      expect(settings[routeKey(routes.getOpenApi)]).toBeUndefined();
      expect(Object.keys(settings).sort()).toEqual(
        routeList
          .filter((r) => throttleKindOf(r) !== 'default')
          .map(routeKey)
          .sort(),
      );
      // CloudFormation rejects route settings for a route that does not exist yet.
      const routesByPath = byPath(s.stateless, 'AWS::ApiGatewayV2::Route');
      for (const row of routeList.filter((r) => throttleKindOf(r) !== 'default')) {
        expect(stage!.DependsOn, row.operationId).toContain(routesByPath.get(`HttpApi/${row.operationId}/Resource`)!.logicalId);
      }
    });

    it('answers no CORS preflight: the only browser caller, the shopper page, calls its own origin', () => {
      const [api] = Object.values(s.stateless.findResources('AWS::ApiGatewayV2::Api'));
      expect(api!.Properties.CorsConfiguration).toBeUndefined();
      const keys = Object.values(s.stateless.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties.RouteKey as string);
      expect(keys.filter((k) => k.startsWith('OPTIONS ') || k.startsWith('ANY '))).toEqual([]);
    });
  });
});
