// What each function's role may do, statement by statement: named table and index actions only, and
// a store's secret for the webhook function alone.
import { describe, expect, it } from 'vitest';
import { stages } from '../../infra/config';
import { tableDefinition } from '../../shared/table/definition';
import { ownerOf, tracedGroups, wholeTableGroups } from './support/groups';
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

describe.each(stages)('the %s stage', (stage) => {
  const s = synthesized(stage);

  describe('functions', () => {
    it('grants only named table and index actions, and X-Ray is the only wildcard', () => {
      for (const [policyPath, policy] of byPath(s.stateless, 'AWS::IAM::Policy')) {
        const group = ownerOf(policyPath);
        // Export files are objects under exports/ (checked in exports-bucket.test.ts): the one object wildcard.
        const statements = (policy.Properties.PolicyDocument.Statement as Statement[]).filter((st) => !isExportFileGrant(st));
        const dynamo = dynamoOnly(statements);
        expect(
          statements.filter((st) => JSON.stringify(st.Resource).includes('*')),
          policyPath,
        ).toEqual(
          group === 'worker' || (group && tracedGroups.includes(group))
            ? [expect.objectContaining({ Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: '*' })]
            : [],
        );
        expect(
          statements.flatMap((st) => [st.Action].flat()).filter((a) => a.includes('*')),
          policyPath,
        ).toEqual([]);
        for (const st of dynamo) {
          expect([st.Action].flat()).not.toContain('dynamodb:Scan');
          expect([st.Action].flat().every((a) => !a.includes('*'))).toBe(true);
          expect(
            [st.Resource].flat().map((r) => placeOf(s, r)),
            policyPath,
          ).not.toContain('other');
        }
        if (group === 'worker' || (group && wholeTableGroups.includes(group))) {
          // Item actions on the table; and, for a function that lists, Query on each index by name.
          const [items, ...indexes] = dynamo.filter((st) => st.Effect === 'Allow');
          expect([items!.Resource].flat().map((r) => placeOf(s, r))).toEqual(['table']);
          for (const st of indexes)
            expect({ action: st.Action, on: [st.Resource].flat().map((r) => placeOf(s, r))[0] }).toEqual({
              action: 'dynamodb:Query',
              on: 'index',
            });
        } else if (group !== 'receipts' && group !== 'scan' && group !== 'resolver') {
          expect(dynamo, policyPath).toEqual([]);
        }
      }
    });

    it('lets the webhook function get secrets, lots and receipts, put receipts and update lots and agreements, and nothing else', () => {
      const granted = dynamoOnly(statementsOf(s, 'receipts')).map((st) => ({
        effect: st.Effect,
        actions: [st.Action].flat(),
        on: [st.Resource].flat().map((r) => placeOf(s, r)),
        condition: st.Condition,
      }));
      const only = (prefixes: string[]) => ({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': prefixes } });
      expect(granted).toEqual([
        { effect: 'Allow', actions: ['dynamodb:GetItem'], on: ['table'], condition: only(['STORESECRET#*', 'LOT#*', 'RECEIPT#*']) },
        { effect: 'Allow', actions: ['dynamodb:PutItem'], on: ['table'], condition: only(['RECEIPT#*']) },
        { effect: 'Allow', actions: ['dynamodb:UpdateItem'], on: ['table'], condition: only(['LOT#*', 'AGREEMENT#*', 'SCAN#*']) },
        { effect: 'Deny', actions: secretWrites, on: ['table'], condition: anySecret },
      ]);
    });

    it('lets the scan function get scan projections, and nothing else', () => {
      const granted = dynamoOnly(statementsOf(s, 'scan')).map((st) => ({
        effect: st.Effect,
        actions: [st.Action].flat(),
        on: [st.Resource].flat().map((r) => placeOf(s, r)),
        condition: st.Condition,
      }));
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
