// The CloudFront web ACL: per-IP rate limits on the two paths that are public and reach the origin
// (the scan lookup and the store webhooks) and on all paths together, and AWS managed rules (IP
// reputation, known bad inputs, the common rule set). It must be created in us-east-1.
import { ArnFormat, Aws, Duration, Fn, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnLoggingConfiguration, CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import type { FirewallLimits } from '../config';

/** The literal text of a route path before its first parameter: `/api/v1/scan/` of `/api/v1/scan/{lotCode}`. */
const pathPrefix = (path: string) => path.slice(0, path.indexOf('{'));
/** The literal text of a route path after its last parameter: `/receipts` of `/api/v1/stores/{storeId}/receipts`. */
const pathSuffix = (path: string) => path.slice(path.lastIndexOf('}') + 1);

/**
 * Decoded and normalized first, so `%2F` or `//` cannot step around a rule on a path that
 * CloudFront and API Gateway would still route to the same function.
 */
const normalizedPath = {
  fieldToMatch: { uriPath: {} },
  textTransformations: [
    { priority: 0, type: 'URL_DECODE' },
    { priority: 1, type: 'NORMALIZE_PATH' },
  ],
};
const pathMatch = (positionalConstraint: 'STARTS_WITH' | 'ENDS_WITH', searchString: string): CfnWebACL.StatementProperty => ({
  byteMatchStatement: { ...normalizedPath, positionalConstraint, searchString },
});

const visible = (metricName: string): CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: true,
});

/** Too Many Requests rather than WAF's default 403: the client is told to slow down and retry, not that it is refused. */
const tooManyRequests: CfnWebACL.RuleActionProperty = { block: { customResponse: { responseCode: 429 } } };

export interface EdgeFirewallProps {
  /** The web ACL's name, which is also its CloudWatch metric name (the `WebACL` dimension). */
  readonly name: string;
  /** The scan lookup's route path, e.g. `/api/v1/scan/{lotCode}`. */
  readonly scanPath: string;
  /** The store webhook's route path, e.g. `/api/v1/stores/{storeId}/receipts`. */
  readonly webhookPath: string;
  readonly limits: FirewallLimits;
  /** How long the log of blocked and counted requests is kept. */
  readonly logRetention: RetentionDays;
  /** Whether that log outlives its stack. */
  readonly logRemovalPolicy: RemovalPolicy;
}

/** A CLOUDFRONT-scope web ACL that allows by default, with its metrics and a log of what it blocks or counts. */
export class EdgeFirewall extends Construct {
  readonly webAcl: CfnWebACL;
  /** The log of blocked and counted requests. */
  readonly logGroup: LogGroup;
  private readonly name: string;

  constructor(scope: Construct, id: string, props: EdgeFirewallProps) {
    super(scope, id);
    if (Stack.of(this).region !== 'us-east-1') {
      throw new Error(`A CloudFront web ACL must be created in us-east-1, not in ${Stack.of(this).region}`);
    }
    this.name = props.name;
    const { limits, scanPath, webhookPath } = props;

    const rules: CfnWebACL.RuleProperty[] = [
      // Rate limits first: a flood is cut before any managed rule inspects it.
      {
        name: 'ScanRateLimit',
        priority: 0,
        action: tooManyRequests,
        statement: {
          rateBasedStatement: {
            aggregateKeyType: 'IP',
            evaluationWindowSec: 300,
            limit: limits.scanRequestsPerIp,
            scopeDownStatement: pathMatch('STARTS_WITH', pathPrefix(scanPath)),
          },
        },
        visibilityConfig: visible('ScanRateLimit'),
      },
      {
        name: 'WebhookRateLimit',
        priority: 1,
        action: tooManyRequests,
        statement: {
          rateBasedStatement: {
            aggregateKeyType: 'IP',
            evaluationWindowSec: 300,
            limit: limits.webhookRequestsPerIp,
            scopeDownStatement: {
              andStatement: {
                statements: [pathMatch('STARTS_WITH', pathPrefix(webhookPath)), pathMatch('ENDS_WITH', pathSuffix(webhookPath))],
              },
            },
          },
        },
        visibilityConfig: visible('WebhookRateLimit'),
      },
      // Every path together, so a client cannot spread a flood over paths without a limit of their own.
      {
        name: 'RateLimit',
        priority: 2,
        action: tooManyRequests,
        statement: { rateBasedStatement: { aggregateKeyType: 'IP', evaluationWindowSec: 300, limit: limits.requestsPerIp } },
        visibilityConfig: visible('RateLimit'),
      },
      // Addresses Amazon's threat intelligence knows for bots, reconnaissance or DDoS: blocking. CloudFront
      // is the client here, so WAF sees the viewer's own address.
      {
        name: 'AmazonIpReputation',
        priority: 3,
        overrideAction: { none: {} },
        statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesAmazonIpReputationList' } },
        visibilityConfig: visible('AmazonIpReputation'),
      },
      // Request patterns of known exploits (Log4j, Java deserialization, localhost Host headers):
      // nothing a shopper, a store or the ops apps ever send, so it blocks.
      {
        name: 'KnownBadInputs',
        priority: 4,
        overrideAction: { none: {} },
        statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesKnownBadInputsRuleSet' } },
        visibilityConfig: visible('KnownBadInputs'),
      },
      // Counted, not blocking: its body rules (8 KB size limit, XSS, LFI/RFI patterns) match the
      // JSON that ops send (crop entries with recipe steps and village stories of several KB, free
      // text with markup-like characters), and NoUserAgent matches store systems' HTTP clients. The
      // count metric and the log below show what it would block, so rules can be enabled one by one.
      {
        name: 'CommonRuleSet',
        priority: 5,
        overrideAction: { count: {} },
        statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesCommonRuleSet' } },
        visibilityConfig: visible('CommonRuleSet'),
      },
    ];

    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      // A fixed name: a change that would replace the web ACL fails instead of leaving the
      // distribution (which reads its ARN when its own stack deploys) on a deleted one.
      name: props.name,
      description: 'Per-IP rate limits, on the scan and webhook paths and overall, and AWS managed rules, for the shopper CDN',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      rules,
      visibilityConfig: visible(props.name),
    });

    // WAF requires the `aws-waf-logs-` prefix, so the name cannot be left to CloudFormation. It ends
    // with the id of the stack that created it: a retained log group outlives its stack, and a fixed
    // name would make re-creating the stack fail on the group the previous one left behind.
    // Only blocked and counted requests are logged: at millions of scans a day, logging every
    // allowed request would cost more than the WAF.
    const logs = new LogGroup(this, 'Logs', {
      logGroupName: `aws-waf-logs-${props.name}-${Fn.select(2, Fn.split('/', Aws.STACK_ID))}`,
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    const stack = Stack.of(this);
    const delivery = logs.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('delivery.logs.amazonaws.com')],
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logs.logGroupArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'logs', resource: '*' }) },
        },
      }),
    );
    const logging = new CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      // The log group's ARN without the `:*` that LogGroup.logGroupArn ends with, which WAF refuses.
      logDestinationConfigs: [
        stack.formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: logs.logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
      // Ops and staff send ID tokens; they must not sit in a log.
      redactedFields: [{ singleHeader: { Name: 'authorization' } }],
      loggingFilter: {
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
    if (delivery.policyDependable) logging.node.addDependency(delivery.policyDependable);
    this.logGroup = logs;
  }

  /**
   * Requests the web ACL blocked, all rules together. CloudFront web ACLs report their metrics in
   * us-east-1, without a Region dimension.
   */
  metricBlockedRequests(): Metric {
    return new Metric({
      namespace: 'AWS/WAFV2',
      metricName: 'BlockedRequests',
      dimensionsMap: { WebACL: this.name, Rule: 'ALL' },
      statistic: 'Sum',
      period: Duration.minutes(5),
      region: 'us-east-1',
    });
  }
}
