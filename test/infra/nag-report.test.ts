// The cdk-nag report and the synthesis messages of each stage, as the CLI wrote them.
import { describe, expect, it } from 'vitest';
import { stackIds, stages } from '../../infra/config';
import { needsJwt, routeList } from '../../shared/routes';
import { tracedGroups, workerPaths } from './support/groups';
import { configOf } from './support/stages';
import { synthesized } from './support/synthesized';

describe.each(stages)('the %s stage', (stage) => {
  const s = synthesized(stage);
  const config = configOf(stage);
  const ids = stackIds(stage);

  it('passes the cdk-nag AWS Solutions checks with no unacknowledged error or warning', () => {
    const nag = s.report.pluginReports.find((r) => r.pluginName === 'AwsSolutions');
    expect(nag, 'cdk-nag did not run').toBeDefined();
    for (const report of s.report.pluginReports) {
      expect(report.violations.map((v) => `${v.ruleName} ${v.violatingConstructs.map((c) => c.constructPath)}`)).toEqual([]);
    }
  });

  it('acknowledges only the expected findings, each on its own resource with a reason', () => {
    const nag = s.report.pluginReports.find((r) => r.pluginName === 'AwsSolutions')!;
    const acknowledged = (nag.suppressedViolations ?? []).map((v) => {
      expect(v.reason.length, v.acknowledgedAt).toBeGreaterThan(40);
      const where = v.acknowledgedAt
        .replace(`${ids.stateless}/`, '')
        .replace(`${ids.edge}/`, 'edge:')
        .replace(`${ids.stateful}/`, 'stateful:')
        .replace(/^Custom::CDKBucketDeployment\w+$/, 'Custom::CDKBucketDeployment');
      return `${v.ruleName} @ ${where}`;
    });
    expect(acknowledged.sort()).toEqual(
      [
        // Routes without a JWT: public ones and the signed store webhook.
        ...routeList.filter((r) => !needsJwt(r)).map((r) => `AwsSolutions-APIG4 @ HttpApi/${r.operationId}`),
        // X-Ray's write actions name no resource; the scan function is not traced.
        ...tracedGroups.map((g) => `AwsSolutions-IAM5[Resource::*] @ ${g}-function/Role`),
        ...workerPaths.map((w) => `AwsSolutions-IAM5[Resource::*] @ ${w}/Role`),
        // Export files are objects under exports/ of the exports bucket: the worker writes them, the exports function reads them.
        ...['ExportJobs/Worker/Role', 'exports-function/Role'].map(
          (role) => `AwsSolutions-IAM5[Resource::VillageDirect-${stage}-Stateful-ExportsBucketArn/exports/*] @ ${role}`,
        ),
        // The page bucket's TLS-only policy is in the stateless stack, next to the distribution it names.
        'AwsSolutions-S10 @ stateful:Site/Page',
        // The origin secret is rotated in deploys, in an order a rotation function could not keep.
        'AwsSolutions-SMG4 @ stateful:OriginSecret/Resource',
        // No geo restriction; and, on a stage without a domain, the default certificate's fixed TLSv1 floor.
        'AwsSolutions-CFR1 @ Cdn/Distribution',
        // Standard logs (v2) are delivered from the us-east-1 telemetry stack; the check reads the legacy setting.
        'AwsSolutions-CFR3 @ Cdn/Distribution',
        ...(config.domain ? [] : ['AwsSolutions-CFR4 @ Cdn/Distribution']),
        // The scan-log worker reads the CDN's log files, which CloudFront names, under their prefix.
        `AwsSolutions-IAM5[Resource::VillageDirect-${stage}-LogBucketArn/cloudfront/*] @ ScanLogs/Jobs/Worker/Role`,
        // The demand aggregator's on-failure queue is itself where failed batches are recorded.
        'AwsSolutions-SQS3 @ DemandAggregator/Failures',
        // BucketDeployment's runtime is aws-cdk-lib's.
        'AwsSolutions-L1 @ Custom::CDKBucketDeployment',
      ].sort(),
    );
  });

  it('gives the webhook route its own reason for having no authorizer: the signature', () => {
    const nag = s.report.pluginReports.find((r) => r.pluginName === 'AwsSolutions')!;
    const reason = (nag.suppressedViolations ?? []).find(
      (v) => v.ruleName === 'AwsSolutions-APIG4' && v.acknowledgedAt.endsWith('/HttpApi/receiveReceipt'),
    )?.reason;
    expect(reason).toMatch(/Standard Webhooks signature/);
    expect(reason).toMatch(/401 before any write/);
  });

  it('synthesizes without warnings', () => {
    const messages = s.assembly.stacks.flatMap((stack) =>
      stack.messages.filter((m) => m.level !== 'info').map((m) => `${m.level} ${m.id}: ${String(m.entry.data)}`),
    );
    expect(messages).toEqual([]);
  });
});
