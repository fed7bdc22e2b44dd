// The us-east-1 stack that deploys after the distribution: CloudFront's standard logs (v2), delivered
// to the log bucket in the stage's own region, whichever that is.
import { describe, expect, it } from 'vitest';
import { CDN_LOG_PARTITIONS, CDN_LOG_PREFIX } from '../../infra/constructs/cdn-log-delivery';
import { stackIds, stages } from '../../infra/config';
import { REGION } from './support/stages';
import { synthesized } from './support/synthesized';
import { single } from './support/template';

describe.each(stages)('the %s stage', (stage) => {
  const s = synthesized(stage);
  const ids = stackIds(stage);
  /** A main-region stack's output, read when the telemetry stack deploys. */
  const outputOf = (stack: string, name: string) => ({
    'Fn::GetStackOutput': { StackName: stack, Region: REGION[stage], OutputName: name },
  });

  it('deploys in us-east-1 after the stacks whose outputs it reads', () => {
    const artifact = s.assembly.getStackArtifact(ids.cdnTelemetry);
    expect(artifact.environment.region).toBe('us-east-1');
    expect(artifact.dependencies.map((d) => d.id)).toEqual(expect.arrayContaining([ids.stateless, ids.stateful]));
    expect(s.assembly.getStackArtifact(ids.stateful).environment.region).toBe(REGION[stage]);
    expect(s.assembly.getStackArtifact(ids.stateless).environment.region).toBe(REGION[stage]);
  });

  it("delivers the distribution's access logs as tab-separated W3C files to the log bucket in the stage's region, under cloudfront/", () => {
    const [, source] = single(s.cdnTelemetry, 'AWS::Logs::DeliverySource');
    const [destinationId, destination] = single(s.cdnTelemetry, 'AWS::Logs::DeliveryDestination');
    const [, delivery] = single(s.cdnTelemetry, 'AWS::Logs::Delivery');
    expect(source.Properties).toMatchObject({
      Name: `VillageDirect-${stage}-cdn`,
      LogType: 'ACCESS_LOGS',
      ResourceArn: {
        'Fn::Join': [
          '',
          [
            'arn:',
            { Ref: 'AWS::Partition' },
            ':cloudfront::',
            { Ref: 'AWS::AccountId' },
            ':distribution/',
            outputOf(ids.stateless, 'DistributionId'),
          ],
        ],
      },
    });
    expect(destination.Properties).toMatchObject({
      // A new name: the JSON destination it replaces could not change its format.
      Name: `VillageDirect-${stage}-cdn-log-files`,
      DestinationResourceArn: { 'Fn::Join': ['', [outputOf(ids.stateful, 'LogBucketArn'), '/cloudfront']] },
      OutputFormat: 'w3c',
    });
    expect(delivery.Properties).toMatchObject({
      DeliverySourceName: source.Properties.Name,
      DeliveryDestinationArn: { 'Fn::GetAtt': [destinationId, 'Arn'] },
      FieldDelimiter: '\t',
      S3SuffixPath: '{DistributionId}/{yyyy}/{MM}/{dd}/{HH}',
    });
    expect([CDN_LOG_PREFIX, CDN_LOG_PARTITIONS]).toEqual(['cloudfront', '{DistributionId}/{yyyy}/{MM}/{dd}/{HH}']);
  });
});
