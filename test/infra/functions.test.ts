// The function of each route group, in each stage: runtime, bundle, tracing, logs and environment.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stages } from '../../infra/config';
import { functionGroups } from '../../shared/routes';
import { tableGroups, tracedGroups, workerPaths } from './support/groups';
import { configOf, DOMAIN } from './support/stages';
import { synthesized } from './support/synthesized';
import { byPath, exported, statementsOf } from './support/template';

describe.each(stages)('the %s stage', (stage) => {
  const s = synthesized(stage);
  const config = configOf(stage);

  describe('functions', () => {
    it('runs one arm64 Node.js 24 function per route group, one worker per kind of job, and only the page upload besides', () => {
      const functions = byPath(s.stateless, 'AWS::Lambda::Function');
      const workers = workerPaths.map((w) => `${w}/Function/Resource`);
      const [upload, ...others] = [...functions.keys()].filter((p) => !/^\w+-function\//.test(p) && !workers.includes(p));
      expect(upload).toMatch(/^Custom::CDKBucketDeployment\w+\/Resource$/);
      expect(others).toEqual([]);
      expect([...functions.keys()].filter((p) => p !== upload).sort()).toEqual(
        [...functionGroups.map((g) => `${g}-function/Function/Resource`), ...workers].sort(),
      );
      for (const worker of workers) {
        expect(functions.get(worker)!.Properties, worker).toMatchObject({
          Runtime: 'nodejs24.x',
          Architectures: ['arm64'],
          LoggingConfig: { LogFormat: 'JSON' },
          TracingConfig: { Mode: 'Active' },
        });
      }
      for (const group of functionGroups) {
        const fn = functions.get(`${group}-function/Function/Resource`)!.Properties;
        expect(fn, group).toMatchObject({
          Runtime: 'nodejs24.x',
          Architectures: ['arm64'],
          MemorySize: expect.any(Number),
          Timeout: expect.any(Number),
          LoggingConfig: { LogFormat: 'JSON' },
        });
        // Under the HTTP API's 30-second integration limit, so a stuck call ends as a logged timeout.
        expect(fn.Timeout, group).toBeLessThan(30);
      }
    });

    it('gives every function its Powertools service, metrics namespace and stage, and never disables metrics', () => {
      for (const group of functionGroups) {
        const env = byPath(s.stateless, 'AWS::Lambda::Function').get(`${group}-function/Function/Resource`)!.Properties.Environment
          .Variables;
        expect(env, group).toMatchObject({
          POWERTOOLS_SERVICE_NAME: 'village-direct',
          POWERTOOLS_METRICS_NAMESPACE: 'VillageDirect',
          // The stage dimension of its business metrics: dev's and prod's never share a series.
          STAGE: stage,
        });
        expect(
          Object.keys(env).filter((name) => /^POWERTOOLS_(METRICS_DISABLED|DEV)$/.test(name)),
          group,
        ).toEqual([]);
      }
    });

    // The scan function carries no Powertools, to keep its bundle within budget: a 5xx goes to console.error,
    // which Lambda's JSON log format writes as a structured line, and its counters are EMF lines
    // (test/functions/emf-counter.test.ts holds them to Powertools').
    it('bundles the metrics of the namespace the dashboard reads, and a structured logger, into every function', () => {
      for (const group of functionGroups) {
        const code = byPath(s.stateless, 'AWS::Lambda::Function').get(`${group}-function/Function/Resource`)!.Properties.Code;
        const bundle = readFileSync(path.join(s.outdir, `asset.${String(code.S3Key).replace(/\.zip$/, '')}`, 'index.mjs'), 'utf8');
        expect(bundle, group).toContain('"VillageDirect"');
        if (group === 'scan') {
          expect(bundle, group).not.toContain('@aws-lambda-powertools');
          expect(bundle, group).toMatch(/console\.error\("request failed, API request %s"/);
          expect(bundle, group).toContain('CloudWatchMetrics');
        } else {
          expect(bundle, group).toContain('@aws-lambda-powertools/logger');
        }
      }
    });

    it('traces every function with X-Ray except the scan hot path, which stays at the default memory or below', () => {
      const functions = byPath(s.stateless, 'AWS::Lambda::Function');
      for (const group of tracedGroups) {
        expect(functions.get(`${group}-function/Function/Resource`)!.Properties.TracingConfig, group).toEqual({ Mode: 'Active' });
      }
      const scan = functions.get('scan-function/Function/Resource')!.Properties;
      expect(scan.TracingConfig?.Mode ?? 'PassThrough').not.toBe('Active');
      expect(scan.MemorySize).toBeLessThanOrEqual(1024);
      expect(
        statementsOf(s, 'scan')
          .flatMap((st) => [st.Action].flat())
          .filter((a) => a.startsWith('xray:')),
      ).toEqual([]);
    });

    it('logs each function to its own log group with the stage retention', () => {
      const logGroups = s.stateless.findResources('AWS::Logs::LogGroup');
      const used = new Set<string>();
      for (const fn of byPath(s.stateless, 'AWS::Lambda::Function').values()) {
        const logGroupId = fn.Properties.LoggingConfig.LogGroup.Ref as string;
        expect(used.has(logGroupId)).toBe(false);
        used.add(logGroupId);
        expect(logGroups[logGroupId]?.Properties.RetentionInDays).toBe(config.logRetention);
      }
    });

    it(`tells table-bound functions the table name and every function ${config.domain ? 'the domain' : 'the distribution'} as public base URL`, () => {
      const [tableId] = Object.keys(s.stateful.findResources('AWS::DynamoDB::GlobalTable'));
      const [distributionId] = Object.keys(s.stateless.findResources('AWS::CloudFront::Distribution'));
      const publicUrl = config.domain
        ? `https://${DOMAIN}`
        : { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }]] };
      for (const group of functionGroups) {
        const env = byPath(s.stateless, 'AWS::Lambda::Function').get(`${group}-function/Function/Resource`)!.Properties.Environment
          .Variables;
        expect(env.PUBLIC_BASE_URL, group).toEqual(publicUrl);
        if (tableGroups.includes(group)) expect(exported(s.stateful, env.TABLE_NAME), group).toEqual({ Ref: tableId });
        else expect(env.TABLE_NAME, group).toBeUndefined();
      }
    });

    it('tells only the lots function the distribution id, and lets it invalidate that distribution alone', () => {
      const [distributionId] = Object.keys(s.stateless.findResources('AWS::CloudFront::Distribution'));
      for (const group of functionGroups) {
        const env = byPath(s.stateless, 'AWS::Lambda::Function').get(`${group}-function/Function/Resource`)!.Properties.Environment
          .Variables;
        const cloudfront = statementsOf(s, group).filter((st) => [st.Action].flat().some((a) => a.startsWith('cloudfront:')));
        if (group !== 'lots') {
          expect(env.DISTRIBUTION_ID, group).toBeUndefined();
          expect(cloudfront, group).toEqual([]);
          continue;
        }
        expect(env.DISTRIBUTION_ID).toEqual({ Ref: distributionId });
        expect(cloudfront).toEqual([
          {
            Effect: 'Allow',
            Action: 'cloudfront:CreateInvalidation',
            Resource: {
              'Fn::Join': [
                '',
                ['arn:', { Ref: 'AWS::Partition' }, ':cloudfront::', { Ref: 'AWS::AccountId' }, ':distribution/', { Ref: distributionId }],
              ],
            },
          },
        ]);
      }
    });
  });
});
