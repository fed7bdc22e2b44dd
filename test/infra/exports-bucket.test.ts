// The exports bucket: in the stateful stack, private, encrypted, TLS-only, logged, expiring its files;
// only the export worker may write export files and only the exports function read them, under exports/.
import { describe, expect, it } from 'vitest';
import { stages } from '../../infra/config';
import { functionGroups } from '../../shared/routes';
import { synthesized } from './support/synthesized';
import { byPath, exported, statementsOf } from './support/template';
import type { Statement } from './table-requests';

describe.each(stages)('the %s stage', (stage) => {
  const s = synthesized(stage);
  const bucket = () => byPath(s.stateful, 'AWS::S3::Bucket').get('Exports/Bucket/Resource')!;
  const s3Statements = (statements: Statement[]) => statements.filter((st) => [st.Action].flat().some((a) => a.startsWith('s3:')));

  it('keeps export files in a private, encrypted, retained bucket that logs its access and expires them', () => {
    expect(bucket().DeletionPolicy).toBe('Retain');
    expect(bucket().Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LoggingConfiguration: { LogFilePrefix: 'exports-bucket/' },
      LifecycleConfiguration: {
        Rules: [{ ExpirationInDays: 30, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' }],
      },
    });
    s.stateless.resourceCountIs('AWS::S3::Bucket', 0);
  });

  it('refuses every request to it without TLS', () => {
    const policy = [...byPath(s.stateful, 'AWS::S3::BucketPolicy').values()].find(
      (p) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: bucket().logicalId }),
    );
    expect(policy?.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 's3:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
  });

  it('lets the export worker write and the exports function read export files, under exports/ only, and no other function touch S3 objects', () => {
    const objects = (st: Statement) => {
      const [join] = [st.Resource].flat() as { 'Fn::Join': [string, unknown[]] }[];
      const [arn, suffix] = join!['Fn::Join'][1];
      return { arn: exported(s.stateful, arn), suffix };
    };
    const bucketArn = { 'Fn::GetAtt': [bucket().logicalId, 'Arn'] };
    const worker = s3Statements(statementsOf(s, 'exportWorker'));
    expect(worker.map((st) => ({ actions: st.Action, ...objects(st) }))).toEqual([
      { actions: ['s3:PutObject', 's3:AbortMultipartUpload'], arn: bucketArn, suffix: '/exports/*' },
    ]);
    const exportsFunction = s3Statements(statementsOf(s, 'exports'));
    expect(exportsFunction.map((st) => ({ actions: st.Action, ...objects(st) }))).toEqual([
      { actions: 's3:GetObject', arn: bucketArn, suffix: '/exports/*' },
    ]);
    for (const group of functionGroups.filter((g) => g !== 'exports')) expect(s3Statements(statementsOf(s, group)), group).toEqual([]);
    expect(s3Statements(statementsOf(s, 'recallWorker'))).toEqual([]);
  });

  it('tells the two functions the bucket’s name, and no other', () => {
    const functions = byPath(s.stateless, 'AWS::Lambda::Function');
    const named = [...functions].filter(([, fn]) => fn.Properties.Environment?.Variables?.EXPORTS_BUCKET).map(([path]) => path);
    expect(named.sort()).toEqual(['ExportJobs/Worker/Function/Resource', 'exports-function/Function/Resource']);
    const name = functions.get('exports-function/Function/Resource')!.Properties.Environment.Variables.EXPORTS_BUCKET;
    expect(exported(s.stateful, name)).toEqual({ Ref: bucket().logicalId });
  });
});
