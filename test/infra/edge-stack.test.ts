// The us-east-1 edge stack: the CDN's web ACL, its rules and its log.
import { describe, expect, it } from 'vitest';
import { stackIds, stages } from '../../infra/config';
import { routes } from '../../shared/routes';
import { configOf } from './support/stages';
import { synthesized } from './support/synthesized';
import { joined, single } from './support/template';

describe.each(stages)('the %s stage', (stage) => {
  const s = synthesized(stage);
  const config = configOf(stage);
  const ids = stackIds(stage);

  describe('edge stack (web ACL)', () => {
    const webAcl = () => Object.values(s.edge.findResources('AWS::WAFv2::WebACL'))[0]!.Properties;
    const rule = (name: string) => (webAcl().Rules as { Name: string }[]).find((r) => r.Name === name) as Record<string, any>;
    /** A match on the decoded, normalized URI path, so `%2F` or `//` cannot step around it. */
    const onPath = (constraint: string, text: string) => ({
      ByteMatchStatement: {
        FieldToMatch: { UriPath: {} },
        PositionalConstraint: constraint,
        SearchString: text,
        TextTransformations: [
          { Priority: 0, Type: 'URL_DECODE' },
          { Priority: 1, Type: 'NORMALIZE_PATH' },
        ],
      },
    });
    const tooManyRequests = { Block: { CustomResponse: { ResponseCode: 429 } } };

    it('holds one CloudFront web ACL in us-east-1 that allows what no rule blocks', () => {
      expect(s.assembly.getStackArtifact(ids.edge).environment.region).toBe('us-east-1');
      s.edge.resourceCountIs('AWS::WAFv2::WebACL', 1);
      expect(webAcl()).toMatchObject({ Name: `VillageDirect-${stage}`, Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } });
      expect((webAcl().Rules as { Name: string; Priority: number }[]).map((r) => `${r.Priority} ${r.Name}`)).toEqual([
        '0 ScanRateLimit',
        '1 WebhookRateLimit',
        '2 RateLimit',
        '3 AmazonIpReputation',
        '4 KnownBadInputs',
        '5 CommonRuleSet',
      ]);
    });

    it('answers 429 to an IP that sends more scan lookups in 5 minutes than the stage allows', () => {
      expect(routes.scanLot.path).toMatch(/^\/api\/v1\/scan\/\{/);
      expect(rule('ScanRateLimit')).toMatchObject({
        Action: tooManyRequests,
        Statement: {
          RateBasedStatement: {
            AggregateKeyType: 'IP',
            EvaluationWindowSec: 300,
            Limit: config.firewall.scanRequestsPerIp,
            ScopeDownStatement: onPath('STARTS_WITH', '/api/v1/scan/'),
          },
        },
      });
    });

    it('answers 429 to an IP that posts more store receipts in 5 minutes than the stage allows', () => {
      expect(routes.receiveReceipt.path).toMatch(/^\/api\/v1\/stores\/\{\w+\}\/receipts$/);
      expect(rule('WebhookRateLimit')).toMatchObject({
        Action: tooManyRequests,
        Statement: {
          RateBasedStatement: {
            AggregateKeyType: 'IP',
            EvaluationWindowSec: 300,
            Limit: config.firewall.webhookRequestsPerIp,
            ScopeDownStatement: {
              AndStatement: { Statements: [onPath('STARTS_WITH', '/api/v1/stores/'), onPath('ENDS_WITH', '/receipts')] },
            },
          },
        },
      });
    });

    it('answers 429 to an IP that sends more requests to any path in 5 minutes than the stage allows', () => {
      expect(rule('RateLimit')).toMatchObject({
        Action: tooManyRequests,
        Statement: { RateBasedStatement: { AggregateKeyType: 'IP', EvaluationWindowSec: 300, Limit: config.firewall.requestsPerIp } },
      });
      expect(rule('RateLimit').Statement.RateBasedStatement.ScopeDownStatement).toBeUndefined();
    });

    it("blocks addresses on Amazon's IP reputation list", () => {
      expect(rule('AmazonIpReputation')).toMatchObject({
        OverrideAction: { None: {} },
        Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesAmazonIpReputationList' } },
      });
    });

    it('blocks known bad inputs and only counts the common rule set, whose body rules flag ops JSON', () => {
      expect(rule('KnownBadInputs')).toMatchObject({
        OverrideAction: { None: {} },
        Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesKnownBadInputsRuleSet' } },
      });
      expect(rule('CommonRuleSet')).toMatchObject({
        OverrideAction: { Count: {} },
        Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' } },
      });
    });

    it('publishes CloudWatch metrics and sampled requests for the web ACL and each rule', () => {
      for (const { Name, VisibilityConfig } of [{ Name: webAcl().Name, VisibilityConfig: webAcl().VisibilityConfig }, ...webAcl().Rules]) {
        expect(VisibilityConfig, Name).toEqual({ CloudWatchMetricsEnabled: true, MetricName: Name, SampledRequestsEnabled: true });
      }
    });

    it('logs blocked and counted requests, without the Authorization header, for the stage retention', () => {
      const [webAclId] = Object.keys(s.edge.findResources('AWS::WAFv2::WebACL'));
      const [logGroupId, logGroup] = single(s.edge, 'AWS::Logs::LogGroup');
      expect(logGroup!.Properties.RetentionInDays).toBe(config.logRetention);
      // WAF's required prefix, then a suffix unique to the stack that created it: a retained group
      // outlives its stack, and a fixed name would make re-creating the stack fail on it.
      expect(logGroup!.Properties.LogGroupName).toEqual({
        'Fn::Join': ['', [`aws-waf-logs-VillageDirect-${stage}-`, { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] }]],
      });
      expect(s.edge.findOutputs('WafLogGroupName').WafLogGroupName!.Value).toEqual({ Ref: logGroupId });
      const [logging] = Object.values(s.edge.findResources('AWS::WAFv2::LoggingConfiguration'));
      expect(logging!.Properties).toEqual({
        ResourceArn: { 'Fn::GetAtt': [webAclId, 'Arn'] },
        LogDestinationConfigs: [
          {
            'Fn::Join': [
              '',
              ['arn:', { Ref: 'AWS::Partition' }, ':logs:us-east-1:', { Ref: 'AWS::AccountId' }, ':log-group:', { Ref: logGroupId }],
            ],
          },
        ],
        RedactedFields: [{ SingleHeader: { Name: 'authorization' } }],
        LoggingFilter: {
          DefaultBehavior: 'DROP',
          Filters: [
            {
              Behavior: 'KEEP',
              Requirement: 'MEETS_ANY',
              Conditions: [{ ActionCondition: { Action: 'BLOCK' } }, { ActionCondition: { Action: 'COUNT' } }],
            },
          ],
        },
      });
      // Log delivery may write to this group only, on behalf of this account.
      const [policy] = Object.values(s.edge.findResources('AWS::Logs::ResourcePolicy'));
      expect(logging!.DependsOn).toEqual(Object.keys(s.edge.findResources('AWS::Logs::ResourcePolicy')));
      const document = joined(policy!.Properties.PolicyDocument);
      expect(JSON.parse(document).Statement).toEqual([
        expect.objectContaining({
          Effect: 'Allow',
          Principal: { Service: 'delivery.logs.amazonaws.com' },
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: `{'Fn::GetAtt':['${logGroupId}','Arn']}`,
        }),
      ]);
    });
  });
});
