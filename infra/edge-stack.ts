// What CloudFront needs in us-east-1, whatever region the rest of the stage is in: the WAF web ACL,
// its log, and the alarm on what it blocks (WAF reports CloudFront web ACL metrics there only).
import { CfnOutput, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import { ComparisonOperator, type Metric } from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import { routes } from '../shared/routes';
import type { StageConfig } from './config';
import { AlarmTopic } from './constructs/alarm-topic';
import { thresholds } from './constructs/thresholds';
import { EdgeFirewall } from './constructs/web-acl';

/** The only region where CloudFront web ACLs can be created. */
export const EDGE_REGION = 'us-east-1';
const WEB_ACL_ARN_OUTPUT = 'WebAclArn';

export interface EdgeStackProps extends Omit<StackProps, 'env'> {
  readonly config: StageConfig;
}

/**
 * Pinned to us-east-1; the account is still the one the CLI deploys with. The other stacks stay
 * environment-agnostic and read the web ACL's ARN through `webAclArnFor`. CDK's own cross-region
 * references would need an explicit region on the consuming stack too (and, when strong, deploy
 * custom-resource Lambda functions to carry the value).
 */
export class EdgeStack extends Stack {
  /** The web ACL's blocked requests, for dashboards in any region. */
  readonly wafBlockedRequests: Metric;
  /** The us-east-1 alarm topic: the WAF's alarm and the CDN's (in the CDN telemetry stack) notify it. */
  readonly alarms: AlarmTopic;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, { ...props, env: { region: EDGE_REGION } });
    const { config } = props;

    const firewall = new EdgeFirewall(this, 'Firewall', {
      name: `VillageDirect-${config.stage}`,
      scanPath: routes.scanLot.path,
      webhookPath: routes.receiveReceipt.path,
      limits: config.firewall,
      logRetention: config.logRetention,
      logRemovalPolicy: config.logRemovalPolicy,
    });
    this.wafBlockedRequests = firewall.metricBlockedRequests();

    const alarms = new AlarmTopic(this, 'Alarms', { emails: config.alarmEmails });
    this.alarms = alarms;
    alarms.alarm(this, 'WafBlocked', {
      alarmName: `VillageDirect-${config.stage}-waf-blocked-requests`,
      alarmDescription:
        `The CDN's web ACL blocked ${thresholds.wafBlockedRequests} or more requests in 5 minutes. Either an ` +
        'attack or scraper is being held off, or a legitimate client (a store system posting receipts, a busy ' +
        "carrier NAT) hit a per-IP rate limit: the web ACL's log (aws-waf-logs-…) names the rule and the IP.",
      metric: this.wafBlockedRequests,
      threshold: thresholds.wafBlockedRequests,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
    });

    new CfnOutput(this, WEB_ACL_ARN_OUTPUT, { value: firewall.webAcl.attrArn, description: 'The web ACL of the shopper CDN' });
    new CfnOutput(this, 'WafLogGroupName', {
      value: firewall.logGroup.logGroupName,
      description: "The web ACL's log of blocked and counted requests",
    });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarms.topic.topicArn, description: 'SNS topic of the WAF and CDN alarms (us-east-1)' });
  }

  /**
   * The web ACL's ARN for a stack in any region of the account: `Fn::GetStackOutput` reads this
   * stack's output when that stack deploys, and the dependency deploys this stack first. A weak
   * reference: the web ACL's fixed name keeps it from being replaced under the distribution.
   */
  webAclArnFor(consumer: Stack): string {
    consumer.addStackDependency(this, 'The distribution uses the web ACL');
    return Fn.getStackOutput(this.stackName, WEB_ACL_ARN_OUTPUT, EDGE_REGION);
  }
}
