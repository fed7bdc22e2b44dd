// What each function's role may do, statement by statement: named table and index actions only, and
// a store's secret for the webhook function alone.
import { describe, expect, it } from 'vitest';
import { stages } from '../../infra/config';
import type { FunctionGroup } from '../../shared/routes';
import { tableDefinition } from '../../shared/table/definition';
import { isWorker, narrowGroups, type WorkerName, ownerOf, tracedGroups, wholeTableGroups, wholeTableWorkers } from './support/groups';
import { synthesized } from './support/synthesized';
import { byPath, dynamoOnly, placeOf, statementsOf, templates } from './support/template';
import type { Statement } from './table-requests';

/** An S3 statement on the export files' prefix: the export worker's writes, the exports function's reads. */
const isExportFileGrant = (st: Statement) =>
  [st.Action].flat().every((action) => action.startsWith('s3:')) && JSON.stringify(st.Resource).includes('/exports/*');

/** Where a grant on every index of the table points, one entry per index. */
const indexes = tableDefinition.globalSecondaryIndexes.map(() => 'index');

/** Every action that writes an item, named in the deny that keeps all but the catalogue from writing secrets. */
const secretWrites = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
const anySecret = { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': ['STORESECRET#*'] } };
/** What reading a table's stream takes: Lambda's event source mapping sends these with the function's role. */
const streamReads = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'];

/** A narrow grant's condition: items whose partition key starts with one of `prefixes`. */
const only = (prefixes: string[]) => ({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': prefixes } });

describe.each(stages)('the %s stage', (stage) => {
  const s = synthesized(stage);
  /** The table statements of a function's role, each as its effect, actions, where and condition. */
  const grantsOf = (group: FunctionGroup | WorkerName) =>
    dynamoOnly(statementsOf(s, group)).map((st) => ({
      effect: st.Effect,
      actions: [st.Action].flat(),
      on: [...new Set([st.Resource].flat().map((r) => placeOf(s, r)))],
      condition: st.Condition,
    }));

  describe('functions', () => {
    it('grants only named table and index actions, and X-Ray and the CDN log files are the only wildcards', () => {
      for (const [policyPath, policy] of byPath(s.stateless, 'AWS::IAM::Policy')) {
        const group = ownerOf(policyPath);
        // Export files are objects under exports/ (checked in exports-bucket.test.ts): the one object wildcard.
        const statements = (policy.Properties.PolicyDocument.Statement as Statement[]).filter((st) => !isExportFileGrant(st));
        const dynamo = dynamoOnly(statements);
        expect(
          statements.filter((st) => JSON.stringify(st.Resource).includes('*')),
          policyPath,
        ).toEqual([
          ...(isWorker(group) || (group && tracedGroups.includes(group))
            ? [expect.objectContaining({ Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: '*' })]
            : []),
          // The objects under the CDN's prefix of the log bucket (scan-logs.test.ts).
          ...(group === 'scanLogWorker' ? [expect.objectContaining({ Action: 's3:GetObject' })] : []),
        ]);
        expect(
          statements.flatMap((st) => [st.Action].flat()).filter((a) => a.includes('*')),
          policyPath,
        ).toEqual([]);
        for (const st of dynamo) {
          expect([st.Action].flat()).not.toContain('dynamodb:Scan');
          expect([st.Action].flat().every((a) => !a.includes('*'))).toBe(true);
          const places = [st.Resource].flat().map((r) => placeOf(s, r));
          expect(places, policyPath).not.toContain('other');
          // Only a stream's reader reads the stream, and only with the stream actions.
          if (places.includes('stream')) {
            expect({ group, places: [...new Set(places)] }, policyPath).toEqual({ group: 'demandAggregator', places: ['stream'] });
            expect(streamReads, policyPath).toEqual(expect.arrayContaining([st.Action].flat()));
          }
        }
        if (isWorker(group) ? wholeTableWorkers.includes(group) : group && wholeTableGroups.includes(group)) {
          // Item actions on the table; and, for a function that lists, Query on each index by name.
          const [items, ...indexes] = dynamo.filter((st) => st.Effect === 'Allow');
          expect([items!.Resource].flat().map((r) => placeOf(s, r))).toEqual(['table']);
          for (const st of indexes)
            expect({ action: st.Action, on: [st.Resource].flat().map((r) => placeOf(s, r))[0] }).toEqual({
              action: 'dynamodb:Query',
              on: 'index',
            });
        } else if (!group || !(isWorker(group) || narrowGroups.includes(group))) {
          expect(dynamo, policyPath).toEqual([]);
        }
      }
    });

    it('lets the webhook function get secrets, lots and receipts, put receipts and update lots and agreements, and nothing else', () => {
      const granted = grantsOf('receipts');
      expect(granted).toEqual([
        { effect: 'Allow', actions: ['dynamodb:GetItem'], on: ['table'], condition: only(['STORESECRET#*', 'LOT#*', 'RECEIPT#*']) },
        { effect: 'Allow', actions: ['dynamodb:PutItem'], on: ['table'], condition: only(['RECEIPT#*']) },
        { effect: 'Allow', actions: ['dynamodb:UpdateItem'], on: ['table'], condition: only(['LOT#*', 'AGREEMENT#*', 'SCAN#*']) },
        { effect: 'Deny', actions: secretWrites, on: ['table'], condition: anySecret },
      ]);
    });

    it('lets the sales function get secrets, stores and deliveries, batch-get crops, put deliveries and days, and nothing else', () => {
      const granted = grantsOf('sales');
      expect(granted).toEqual([
        { effect: 'Allow', actions: ['dynamodb:GetItem'], on: ['table'], condition: only(['STORESECRET#*', 'STORE#*', 'SALESDELIVERY#*']) },
        { effect: 'Allow', actions: ['dynamodb:BatchGetItem'], on: ['table'], condition: only(['CROP#*']) },
        { effect: 'Allow', actions: ['dynamodb:PutItem'], on: ['table'], condition: only(['SALESDELIVERY#*', 'SALES#*']) },
        { effect: 'Deny', actions: secretWrites, on: ['table'], condition: anySecret },
      ]);
    });

    it('lets the demand aggregator read the stream, get stores, add to weekly figures and mark what it added, and nothing else', () => {
      const granted = grantsOf('demandAggregator');
      expect(granted).toEqual([
        { effect: 'Allow', actions: ['dynamodb:GetItem'], on: ['table'], condition: only(['STORE#*']) },
        { effect: 'Allow', actions: ['dynamodb:UpdateItem'], on: ['table'], condition: only(['DEMAND#*']) },
        { effect: 'Allow', actions: ['dynamodb:PutItem'], on: ['table'], condition: only(['AGGREGATED#*']) },
        { effect: 'Deny', actions: secretWrites, on: ['table'], condition: anySecret },
        { effect: 'Allow', actions: ['dynamodb:ListStreams'], on: ['stream'], condition: undefined },
        { effect: 'Allow', actions: streamReads.slice(0, 3), on: ['stream'], condition: undefined },
      ]);
    });

    it('lets the scan-log worker batch-get lots, get stores and put scan counts, and nothing else', () => {
      const granted = grantsOf('scanLogWorker');
      expect(granted).toEqual([
        { effect: 'Allow', actions: ['dynamodb:BatchGetItem'], on: ['table'], condition: only(['LOT#*']) },
        { effect: 'Allow', actions: ['dynamodb:GetItem'], on: ['table'], condition: only(['STORE#*']) },
        { effect: 'Allow', actions: ['dynamodb:PutItem'], on: ['table'], condition: only(['SCANLOG#*']) },
        { effect: 'Deny', actions: secretWrites, on: ['table'], condition: anySecret },
      ]);
    });

    it('lets the scan function get scan projections, and nothing else', () => {
      const granted = grantsOf('scan');
      expect(granted).toEqual([
        {
          effect: 'Allow',
          actions: ['dynamodb:GetItem'],
          on: ['table'],
          condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['SCAN#*'] } },
        },
        { effect: 'Deny', actions: secretWrites, on: ['table'], condition: anySecret },
      ]);
    });

    it('lets the resolver function get scan projections, and nothing else', () => {
      const granted = dynamoOnly(statementsOf(s, 'resolver')).map((st) => ({
        effect: st.Effect,
        actions: [st.Action].flat(),
        condition: st.Condition,
      }));
      expect(granted).toEqual([
        {
          effect: 'Allow',
          actions: ['dynamodb:GetItem'],
          condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['SCAN#*'] } },
        },
        { effect: 'Deny', actions: secretWrites, condition: anySecret },
      ]);
    });

    it('denies every other whole-table function reading store secrets, directly or through ReturnValues, and all but the catalogue writing them', () => {
      const secretKeys = anySecret;
      for (const group of wholeTableGroups) {
        const denied = dynamoOnly(statementsOf(s, group))
          .filter((st) => st.Effect === 'Deny')
          .map((st) => ({ actions: [st.Action].flat(), on: [st.Resource].flat().map((r) => placeOf(s, r)), condition: st.Condition }));
        expect(denied, group).toEqual([
          {
            actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'],
            on: ['table', ...indexes],
            condition: secretKeys,
          },
          {
            actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
            on: ['table'],
            condition: { ...secretKeys, StringEquals: { 'dynamodb:ReturnValues': ['ALL_OLD', 'UPDATED_OLD', 'ALL_NEW', 'UPDATED_NEW'] } },
          },
          ...(group === 'catalogue' ? [] : [{ actions: secretWrites, on: ['table'], condition: secretKeys }]),
        ]);
      }
    });

    it('uses roles without AWS managed policies, in every stack', () => {
      for (const [name, template] of Object.entries(templates(s))) {
        for (const role of Object.values(template.findResources('AWS::IAM::Role'))) {
          expect(role.Properties.ManagedPolicyArns, name).toBeUndefined();
        }
      }
    });
  });
});
