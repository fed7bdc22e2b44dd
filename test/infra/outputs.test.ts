// The stack outputs ops and deploy scripts read.
import type { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { stages } from '../../infra/config';
import { configOf, DOMAIN, REGION } from './support/stages';
import { synthesized } from './support/synthesized';
import { byPath } from './support/template';

describe.each(stages)('the %s stage', (stage) => {
  const s = synthesized(stage);
  const config = configOf(stage);

  it('outputs the public URL, the distribution, the API URL, the user pool and client ids, the dashboard link and the alarm topics', () => {
    const [distributionId] = Object.keys(s.stateless.findResources('AWS::CloudFront::Distribution'));
    const [apiId] = Object.keys(s.stateless.findResources('AWS::ApiGatewayV2::Api'));
    const [poolId] = Object.keys(s.stateful.findResources('AWS::Cognito::UserPool'));
    const [clientId] = Object.keys(s.stateful.findResources('AWS::Cognito::UserPoolClient'));
    const output = (template: Template, name: string) => template.findOutputs(name)[name]!.Value;
    expect(output(s.stateless, 'PublicUrl')).toEqual(
      config.domain ? `https://${DOMAIN}` : { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }]] },
    );
    expect(output(s.stateless, 'DistributionId')).toEqual({ Ref: distributionId });
    expect(output(s.stateless, 'DistributionDomainName')).toEqual({ 'Fn::GetAtt': [distributionId, 'DomainName'] });
    expect(JSON.stringify(output(s.stateless, 'ApiUrl'))).toContain(apiId);
    expect(output(s.stateful, 'UserPoolId')).toEqual({ Ref: poolId });
    expect(output(s.stateful, 'UserPoolClientId')).toEqual({ Ref: clientId });
    expect(output(s.stateless, 'DashboardUrl')).toBe(
      `https://console.aws.amazon.com/cloudwatch/home?region=${REGION[stage]}#dashboards:name=VillageDirect-${stage}`,
    );
    // What the us-east-1 telemetry stack reads from the main region.
    const [, logBucket] = [...byPath(s.stateful, 'AWS::S3::Bucket')].find(([p]) => p === 'Site/Logs/Resource')!;
    expect(output(s.stateful, 'LogBucketArn')).toEqual({ 'Fn::GetAtt': [logBucket.logicalId, 'Arn'] });
    const [dashboard] = Object.values(s.stateless.findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboard!.Properties.DashboardName).toBe(`VillageDirect-${stage}`);
    for (const template of [s.stateless, s.edge]) {
      const [topicId] = Object.keys(template.findResources('AWS::SNS::Topic'));
      expect(output(template, 'AlarmTopicArn')).toEqual({ Ref: topicId });
    }
  });
});
