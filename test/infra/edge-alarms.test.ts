// The alarms that must live in us-east-1, where WAF and CloudFront report their metrics: an alarm
// reads metrics of its own region only.
import type { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { stages } from '../../infra/config';
import { thresholds } from '../../infra/constructs/thresholds';
import { alarmNamed as alarmNamedIn, metricInputs as inputs } from './support/alarms';
import { REGION } from './support/stages';
import { synthesized } from './support/synthesized';

describe.each(stages)('the %s stage', (stage) => {
  const s = synthesized(stage);
  const alarmNamed = (template: Template, suffix: string) => alarmNamedIn(template, stage, suffix);

  it('alarms in us-east-1 when the web ACL blocks 100 requests in 5 minutes', () => {
    const alarm = alarmNamed(s.edge, 'waf-blocked-requests');
    const webAcl = Object.values(s.edge.findResources('AWS::WAFv2::WebACL'))[0]!.Properties;
    expect(alarm).toMatchObject({
      Namespace: 'AWS/WAFV2',
      MetricName: 'BlockedRequests',
      Dimensions: [
        { Name: 'Rule', Value: 'ALL' },
        { Name: 'WebACL', Value: webAcl.VisibilityConfig.MetricName },
      ],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 100,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it("alarms in us-east-1 when more than 1% of the CDN's requests, what shoppers see, answer 5xx in 5 minutes", () => {
    const alarm = alarmNamed(s.cdnTelemetry, 'cdn-5xx-rate');
    expect(alarm).toMatchObject({ Threshold: thresholds.cdn5xxPercent, ComparisonOperator: 'GreaterThanThreshold' });
    expect(thresholds.cdn5xxPercent).toBe(1);
    expect(alarm.Metrics[0]).toMatchObject({
      Expression: `IF(rate * requests / 100 >= ${thresholds.cdn5xxMinimum}, rate, 0)`,
      ReturnData: true,
    });
    // The distribution of this stage, read from the stateless stack's output in the main region.
    const distribution = {
      'Fn::GetStackOutput': { StackName: `VillageDirect-${stage}-Stateless`, Region: REGION[stage], OutputName: 'DistributionId' },
    };
    expect(inputs(alarm)).toEqual([
      { id: 'rate', metric: 'AWS/CloudFront 5xxErrorRate Average 300', dimensions: { DistributionId: distribution, Region: 'Global' } },
      { id: 'requests', metric: 'AWS/CloudFront Requests Sum 300', dimensions: { DistributionId: distribution, Region: 'Global' } },
    ]);
  });
});
