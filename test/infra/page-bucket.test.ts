// The page bucket and the log bucket of the stateful stack, and the page bucket's one policy.
import { describe, expect, it } from 'vitest';
import { stages } from '../../infra/config';
import { configOf } from './support/stages';
import { synthesized } from './support/synthesized';
import { byPath, distributionConfig, exported } from './support/template';
import type { Statement } from './table-requests';

describe.each(stages)('the %s stage', (stage) => {
  const s = synthesized(stage);
  const config = configOf(stage);

  describe('page bucket', () => {
    const buckets = () => byPath(s.stateful, 'AWS::S3::Bucket');
    const pageBucket = () => buckets().get('Site/Page/Resource')!;
    const logBucket = () => buckets().get('Site/Logs/Resource')!;
    /** The policy of a stateful bucket, wherever it was created. */
    const policyOf = (bucketId: string) =>
      [
        ...Object.values(s.stateful.findResources('AWS::S3::BucketPolicy')),
        ...Object.values(s.stateless.findResources('AWS::S3::BucketPolicy')),
      ]
        .filter(
          (p) =>
            JSON.stringify(p.Properties.Bucket.Ref ? p.Properties.Bucket : exported(s.stateful, p.Properties.Bucket)) ===
            JSON.stringify({ Ref: bucketId }),
        )
        .map((p) => p.Properties.PolicyDocument.Statement as Statement[]);
    const tlsOnly = () =>
      expect.objectContaining({
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 's3:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      });

    it('keeps the page in a private, versioned, encrypted and retained bucket that logs its access', () => {
      // The exports bucket has tests of its own (exports-bucket.test.ts).
      expect([...buckets().keys()].sort()).toEqual(['Exports/Bucket/Resource', 'Site/Logs/Resource', 'Site/Page/Resource']);
      s.stateless.resourceCountIs('AWS::S3::Bucket', 0);
      const page = pageBucket();
      expect(page.DeletionPolicy).toBe('Retain');
      expect(page.Properties).toMatchObject({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        LoggingConfiguration: { DestinationBucketName: { Ref: logBucket().logicalId }, LogFilePrefix: 'page-bucket/' },
      });
    });

    it('has one policy, which refuses every request to the page bucket not made over TLS', () => {
      const policies = policyOf(pageBucket().logicalId);
      expect(policies).toHaveLength(1);
      const [arn, objects] = [
        { 'Fn::GetAtt': [pageBucket().logicalId, 'Arn'] },
        { 'Fn::Join': ['', [{ 'Fn::GetAtt': [pageBucket().logicalId, 'Arn'] }, '/*']] },
      ];
      const deny = policies[0]!.find((st) => st.Effect === 'Deny')!;
      expect(deny).toEqual(tlsOnly());
      const resources = [deny.Resource].flat() as { 'Fn::Join'?: [string, unknown[]] }[];
      expect(
        resources.map((r) =>
          r['Fn::Join'] ? { 'Fn::Join': ['', [exported(s.stateful, r['Fn::Join'][1][0]), r['Fn::Join'][1][1]]] } : exported(s.stateful, r),
        ),
      ).toEqual([arn, objects]);
    });

    it('lets this distribution read the page (through Origin Access Control) and the upload write it, and no one else', () => {
      const [distributionId] = Object.keys(s.stateless.findResources('AWS::CloudFront::Distribution'));
      const uploadRole = byPath(s.stateless, 'AWS::IAM::Role').get('Page/Role/Resource')!.logicalId;
      const allows = policyOf(pageBucket().logicalId)[0]!
        .filter((st) => st.Effect === 'Allow')
        .map((st) => ({ principal: (st as { Principal?: unknown }).Principal, actions: [st.Action].flat(), condition: st.Condition }));
      expect(allows).toEqual([
        {
          principal: { Service: 'cloudfront.amazonaws.com' },
          actions: ['s3:GetObject'],
          condition: {
            StringEquals: {
              'AWS:SourceArn': {
                'Fn::Join': [
                  '',
                  [
                    'arn:',
                    { Ref: 'AWS::Partition' },
                    ':cloudfront::',
                    { Ref: 'AWS::AccountId' },
                    ':distribution/',
                    { Ref: distributionId },
                  ],
                ],
              },
            },
          },
        },
        { principal: { AWS: { 'Fn::GetAtt': [uploadRole, 'Arn'] } }, actions: ['s3:ListBucket'], condition: undefined },
        {
          principal: { AWS: { 'Fn::GetAtt': [uploadRole, 'Arn'] } },
          actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
          condition: undefined,
        },
      ]);
    });

    it('keeps the CDN and bucket access logs for the stage retention in a private, TLS-only bucket without ACLs, written under its policy only', () => {
      const logs = logBucket();
      expect(logs.DeletionPolicy).toBe('Retain');
      expect(logs.Properties).toMatchObject({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        // Standard logs (v2) are delivered under the bucket policy: no ACL grant is needed, so none is possible.
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        LifecycleConfiguration: { Rules: [{ ExpirationInDays: config.logRetention, Status: 'Enabled' }] },
        // Each object created is told to EventBridge (the scan-log worker's rule), by the bucket itself.
        NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
      });
      expect(s.stateful.findResources('Custom::S3BucketNotifications')).toEqual({});
      expect(logs.Properties.AccessControl).toBeUndefined();
      const [statements] = policyOf(logs.logicalId);
      expect(statements).toContainEqual(tlsOnly());
      const logsArn = { 'Fn::GetAtt': [logs.logicalId, 'Arn'] };
      // CloudFront's log delivery is configured in us-east-1 whatever the bucket's region, for this account only.
      const ownLogDeliveries = {
        StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        ArnLike: {
          'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:us-east-1:', { Ref: 'AWS::AccountId' }, ':*']] },
        },
      };
      expect(statements!.filter((st) => st.Effect === 'Allow')).toEqual([
        expect.objectContaining({
          Principal: { Service: 'delivery.logs.amazonaws.com' },
          Action: 's3:GetBucketAcl',
          Resource: logsArn,
          Condition: ownLogDeliveries,
        }),
        expect.objectContaining({
          Principal: { Service: 'delivery.logs.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: { 'Fn::Join': ['', [logsArn, '/cloudfront/*']] },
          Condition: ownLogDeliveries,
        }),
        expect.objectContaining({
          Principal: { Service: 'logging.s3.amazonaws.com' },
          Action: 's3:PutObject',
          Condition: expect.objectContaining({ ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [pageBucket().logicalId, 'Arn'] } } }),
        }),
        expect.objectContaining({
          Principal: { Service: 'logging.s3.amazonaws.com' },
          Action: 's3:PutObject',
          Condition: expect.objectContaining({
            ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [buckets().get('Exports/Bucket/Resource')!.logicalId, 'Arn'] } },
          }),
        }),
      ]);
      // No legacy logging: CloudFront does not deliver it to buckets in opt-in regions (prod is synthesized for ap-east-1).
      expect(distributionConfig(s).Logging).toBeUndefined();
    });
  });
});
