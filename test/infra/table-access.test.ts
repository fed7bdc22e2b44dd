// Table permissions checked request by request: the policy of each function's role, evaluated the
// way IAM does, against the requests the repository and use cases really send.
import { beforeAll, describe, expect, it } from 'vitest';
import { stages } from '../../infra/config';
import { type FunctionGroup, functionGroups } from '../../shared/routes';
import { type CapturedRequests, captureTableRequests } from './support/captured-requests';
import { tableGroups, type WorkerName, webhookGroups, wholeTableGroups, workers } from './support/groups';
import { captureHandlerRequests } from './support/handler-requests';
import { synthesized } from './support/synthesized';
import { dynamoOnly, placeOf, statementsOf } from './support/template';
import { isAllowed, probe, type TableRequest } from './table-requests';

let sent: CapturedRequests;
let byFunction: Record<FunctionGroup | WorkerName, TableRequest[]>;
beforeAll(async () => {
  sent = await captureTableRequests();
  byFunction = await captureHandlerRequests();
});

describe.each(stages)('the %s stage', (stage) => {
  const s = synthesized(stage);

  describe('table access, request by request', () => {
    const allowed = (group: FunctionGroup | WorkerName, request: TableRequest) =>
      isAllowed(statementsOf(s, group), request, (resource) => placeOf(s, resource));

    it('grants each function exactly the table actions its handlers send serving every one of its operations, and allows each request they send', () => {
      for (const group of [...functionGroups, ...(Object.keys(workers) as WorkerName[])]) {
        // Reading the stream is the event source's, not the handler's (function-permissions.test.ts holds it).
        const granted = dynamoOnly(statementsOf(s, group))
          .filter((st) => st.Effect === 'Allow')
          .flatMap((st) => [st.Action].flat().flatMap((action) => [st.Resource].flat().map((r) => `${action} on ${placeOf(s, r)}`)))
          .filter((grant) => !grant.endsWith(' on stream'));
        const used = byFunction[group].map((r) => `${r.action} on ${r.on}`);
        expect([...new Set(granted)].sort(), group).toEqual([...new Set(used)].sort());
        for (const request of byFunction[group]) expect(allowed(group, request), `${group} ${JSON.stringify(request)}`).toBe(true);
      }
      // What the handlers sent covers what each kind of function does (the docs function reads nothing).
      expect(byFunction.docs).toEqual([]);
      expect(byFunction.catalogue.some((r) => r.leadingKeys.some((k) => k.startsWith('STORESECRET#')))).toBe(true);
      const kinds = (requests: readonly TableRequest[]) => [
        ...new Set(requests.map((r) => `${r.action} ${r.leadingKeys[0]?.split('#')[0]}`)),
      ];
      expect(kinds(byFunction.demandAggregator).sort()).toEqual([
        'dynamodb:GetItem STORE',
        'dynamodb:PutItem AGGREGATED',
        'dynamodb:UpdateItem DEMAND',
      ]);
      expect(kinds(byFunction.scanLogWorker).sort()).toEqual([
        'dynamodb:BatchGetItem LOT',
        'dynamodb:GetItem STORE',
        'dynamodb:PutItem SCANLOG',
      ]);
    });

    it('lets only the catalogue function write store secrets, and no function delete or batch-write any item', () => {
      const secretWrites = [
        probe('PutItem', ['STORESECRET#st-1']),
        probe('UpdateItem', ['STORESECRET#st-1']),
        probe('UpdateItem', ['STORESECRET#st-1'], { returnValues: 'NONE' }),
      ];
      const neverAllowed = [
        probe('DeleteItem', ['STORESECRET#st-1']),
        probe('BatchWriteItem', ['LOT#L1', 'STORESECRET#st-1']),
        probe('BatchWriteItem', ['LOT#L1']),
        probe('DeleteItem', ['LOT#L1']),
      ];
      for (const group of tableGroups) {
        for (const request of secretWrites)
          expect(allowed(group, request), `${group} ${JSON.stringify(request)}`).toBe(group === 'catalogue');
        for (const request of neverAllowed) expect(allowed(group, request), `${group} ${JSON.stringify(request)}`).toBe(false);
      }
      // Explicitly: every other table function's role denies writing a secret even if a later grant allowed it.
      const writes = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
      for (const group of tableGroups) {
        const denies = dynamoOnly(statementsOf(s, group)).filter(
          (st) =>
            st.Effect === 'Deny' &&
            writes.every((a) => [st.Action].flat().includes(a)) &&
            JSON.stringify(st.Condition) === JSON.stringify({ 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': ['STORESECRET#*'] } }),
        );
        expect(denies, group).toHaveLength(group === 'catalogue' ? 0 : 1);
      }
    });

    it('allows every request a receipt sends, whether applied, kept as an exception or replayed', () => {
      const prefixes = new Set(sent.receipts.map((r) => `${r.action} ${r.leadingKeys.map((k) => k.split('#')[0])}`));
      expect([...prefixes].sort()).toEqual([
        'dynamodb:GetItem LOT',
        'dynamodb:GetItem RECEIPT',
        'dynamodb:GetItem STORESECRET',
        'dynamodb:PutItem RECEIPT',
        'dynamodb:UpdateItem AGREEMENT',
        'dynamodb:UpdateItem LOT',
        'dynamodb:UpdateItem SCAN',
      ]);
      for (const request of sent.receipts) expect(allowed('receipts', request), JSON.stringify(request)).toBe(true);
    });

    it('refuses the webhook function anything a receipt does not need', () => {
      const refused = [
        probe('Query', ['RECEIPT#st-1#m1']),
        probe('Query', ['RECEIPTEXCEPTION'], { on: 'index' }),
        probe('Scan', []),
        probe('BatchGetItem', ['LOT#L1']),
        probe('GetItem', ['STORE#st-1']),
        probe('GetItem', ['VILLAGE#v1']),
        probe('GetItem', ['AGREEMENT#a1']),
        probe('PutItem', ['LOT#L1']),
        probe('PutItem', ['STORESECRET#st-1']),
        probe('UpdateItem', ['STORESECRET#st-1']),
        probe('UpdateItem', ['RECEIPT#st-1#m1']),
        probe('DeleteItem', ['RECEIPT#st-1#m1']),
        probe('BatchWriteItem', ['RECEIPT#st-1#m1']),
        probe('ConditionCheckItem', ['LOT#L1']),
        probe('GetItem', ['SCAN#L1']),
        probe('PutItem', ['SCAN#L1']),
        probe('DeleteItem', ['SCAN#L1']),
      ];
      for (const request of refused) expect(allowed('receipts', request), JSON.stringify(request)).toBe(false);
    });

    it('allows the one GetItem of a scan, and refuses the scan function every other request', () => {
      expect(sent.scan).toEqual([probe('GetItem', [expect.stringMatching(/^SCAN#/)])]);
      for (const request of sent.scan) expect(allowed('scan', request), JSON.stringify(request)).toBe(true);
      const refused = [
        probe('BatchGetItem', ['SCAN#L1', 'SCAN#L2']),
        probe('Query', ['SCAN#L1']),
        probe('Query', ['AGREEMENT#a1'], { on: 'index' }),
        probe('Scan', []),
        probe('BatchGetItem', ['SCAN#L1', 'LOT#L1']),
        probe('GetItem', ['LOT#L1']),
        probe('GetItem', ['AGREEMENT#a1']),
        probe('GetItem', ['STORESECRET#st-1']),
        probe('ConditionCheckItem', ['SCAN#L1']),
        probe('PutItem', ['SCAN#L1']),
        probe('UpdateItem', ['SCAN#L1']),
        probe('DeleteItem', ['SCAN#L1']),
        probe('BatchWriteItem', ['SCAN#L1']),
      ];
      for (const request of refused) expect(allowed('scan', request), JSON.stringify(request)).toBe(false);
    });

    it('lets only the webhook functions (receipts, sales) read store secrets', () => {
      expect(sent.secretReads.map((r) => r.action)).toEqual(['dynamodb:GetItem']);
      for (const group of tableGroups) {
        for (const request of sent.secretReads) expect(allowed(group, request), group).toBe(webhookGroups.includes(group));
      }
    });

    it('refuses the sales function anything a sales delivery does not need', () => {
      const refused = [
        probe('GetItem', ['LOT#L1']),
        probe('GetItem', ['SALES#st-1']),
        probe('GetItem', ['CROP#kiwi']),
        probe('BatchGetItem', ['CROP#kiwi', 'STORESECRET#st-1']),
        probe('BatchGetItem', ['STORE#st-1']),
        probe('PutItem', ['STORE#st-1']),
        probe('PutItem', ['DEMAND#kiwi']),
        probe('UpdateItem', ['SALES#st-1']),
        probe('Query', ['SALES#st-1']),
        probe('Query', ['SALESEXCEPTION'], { on: 'index' }),
        probe('DeleteItem', ['SALES#st-1']),
        probe('ConditionCheckItem', ['SALES#st-1']),
      ];
      for (const request of refused) expect(allowed('sales', request), JSON.stringify(request)).toBe(false);
    });

    it('lets the catalogue function create and rotate secrets, which asks nothing back', () => {
      expect(sent.secretWrites.some((r) => r.leadingKeys.some((k) => k.startsWith('STORESECRET#')))).toBe(true);
      for (const request of sent.secretWrites) expect(allowed('catalogue', request), JSON.stringify(request)).toBe(true);
    });

    it('refuses secret reads that ride on other requests, but not the same requests on other items', () => {
      const leaks = [
        probe('BatchGetItem', ['LOT#L1', 'STORESECRET#st-1']),
        probe('ConditionCheckItem', ['STORESECRET#st-1']),
        probe('Query', ['STORESECRET#st-1']),
        probe('PutItem', ['STORESECRET#st-1'], { returnValues: 'ALL_OLD' }),
        probe('DeleteItem', ['STORESECRET#st-1'], { returnValues: 'ALL_OLD' }),
        ...['ALL_OLD', 'UPDATED_OLD', 'ALL_NEW', 'UPDATED_NEW'].map((rv) =>
          probe('UpdateItem', ['STORESECRET#st-1'], { returnValues: rv }),
        ),
      ];
      for (const group of wholeTableGroups) {
        for (const request of leaks) expect(allowed(group, request), `${group} ${JSON.stringify(request)}`).toBe(false);
        const fine = probe('UpdateItem', ['AGREEMENT#a1'], { returnValues: 'ALL_NEW' });
        // The exports function updates nothing, so it has no UpdateItem to ride on.
        expect(allowed(group, fine), `${group} ${JSON.stringify(fine)}`).toBe(group !== 'exports');
      }
      for (const request of sent.exceptionList) expect(allowed('agreements', request), JSON.stringify(request)).toBe(true);
    });
  });
});
