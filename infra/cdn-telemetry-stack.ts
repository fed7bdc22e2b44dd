// What watches the CDN from us-east-1, where CloudFront reports its metrics and where its standard-log
// delivery is configured: it deploys after the stateless stack, once the distribution exists. An alarm
// reads metrics of its own region only, so the CDN's alarm cannot live with the others in the main region.
import { Fn, Stack, type StackProps } from 'aws-cdk-lib';
import { ComparisonOperator, MathExpression, Metric } from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import type { StageConfig } from './config';
import type { AlarmTopic } from './constructs/alarm-topic';
import { CdnLogDelivery } from './constructs/cdn-log-delivery';
import { FIVE_MINUTES, thresholds } from './constructs/thresholds';
import { EDGE_REGION } from './edge-stack';

/** A main-region stack's output, read when this stack deploys (its stack must deploy first). */
export interface StackOutput {
  readonly stack: Stack;
  readonly outputName: string;
}

export interface CdnTelemetryStackProps extends Omit<StackProps, 'env'> {
  readonly config: StageConfig;
  /** The stateless stack's output holding the distribution's id. */
  readonly distributionId: StackOutput;
  /** The stateful stack's output holding the log bucket's ARN. */
  readonly logBucketArn: StackOutput;
  /** The edge stack's alarm topic (us-east-1), which the CDN's alarm notifies. */
  readonly alarms: AlarmTopic;
}

/** Pinned to us-east-1; it reads the main region's outputs with `Fn::GetStackOutput`, by region. */
export class CdnTelemetryStack extends Stack {
  constructor(scope: Construct, id: string, props: CdnTelemetryStackProps) {
    super(scope, id, { ...props, env: { region: EDGE_REGION } });
    const output = ({ stack, outputName }: StackOutput) => {
      this.addStackDependency(stack, `Reads its ${outputName} output`);
      return Fn.getStackOutput(stack.stackName, outputName, stack.region);
    };
    const name = `VillageDirect-${props.config.stage}`;
    const distributionId = output(props.distributionId);
    new CdnLogDelivery(this, 'AccessLogs', { name, distributionId, logBucketArn: output(props.logBucketArn) });

    // CloudFront reports in us-east-1, with Region "Global".
    const cdn = (metricName: string, statistic: string) =>
      new Metric({
        namespace: 'AWS/CloudFront',
        metricName,
        dimensionsMap: { DistributionId: distributionId, Region: 'Global' },
        statistic,
        period: FIVE_MINUTES,
      });
    props.alarms.alarm(this, 'Cdn5xxRate', {
      alarmName: `${name}-cdn-5xx-rate`,
      alarmDescription:
        `More than ${thresholds.cdn5xxPercent}% of the CDN's requests answered 5xx in 5 minutes (at least ` +
        `${thresholds.cdn5xxMinimum} of them): what shoppers see, whether the API failed, timed out or could ` +
        "not be reached. Compare with the main region's api-5xx-rate alarm; the standard logs under cloudfront/ " +
        'in the log bucket name each failed request (x-edge-result-type, x-edge-detailed-result-type).',
      metric: new MathExpression({
        expression: `IF(rate * requests / 100 >= ${thresholds.cdn5xxMinimum}, rate, 0)`,
        usingMetrics: { rate: cdn('5xxErrorRate', 'Average'), requests: cdn('Requests', 'Sum') },
        label: 'CDN 5xx (% of requests)',
        period: FIVE_MINUTES,
      }),
      threshold: thresholds.cdn5xxPercent,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
    });
  }
}
