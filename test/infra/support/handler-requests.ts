// Every operation of every function, run through the function's real handler over stubbed clients:
// the table requests each function's code sends on its success paths, so that its role can be held to
// exactly the actions they need.
import { DynamoDBClient, GetItemCommand, QueryCommand as BareQueryCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { expect } from 'vitest';
import type { ApiEvent } from '../../../functions/commons/api';
import type { HttpResult } from '../../../functions/commons/http';
import { type FunctionGroup, functionGroups, routeList } from '../../../shared/routes';
import { newScanRecord } from '../../../shared/scan/projection';
import { lambdaContext } from '../../support/events';
import { eventOf, itemOf, lot, samples, signed } from '../../support/operation-samples';
import { checksOf, type TableRequest } from '../table-requests';

type Handler = (event: ApiEvent, context: Context) => Promise<HttpResult>;

/** The authorization checks of the table requests each function sends while serving each of its operations. */
export async function captureHandlerRequests(): Promise<Record<FunctionGroup, TableRequest[]>> {
  Object.assign(process.env, {
    TABLE_NAME: 'probe',
    PUBLIC_BASE_URL: 'https://probe.example',
    AWS_REGION: 'cn-north-1',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  const table = mockClient(DynamoDBDocumentClient);
  const bare = mockClient(DynamoDBClient);
  try {
    let items = itemOf;
    table.on(GetCommand).callsFake(({ Key }: { Key: { pk: string } }) => {
      const prefix = Object.keys(items).find((p) => Key.pk.startsWith(p));
      return { Item: prefix ? items[prefix] : undefined };
    });
    table.on(QueryCommand).resolves({ Items: [] });
    table.on(PutCommand).resolves({});
    table.on(UpdateCommand).resolves({ Attributes: { ...signed, status: 'cancelled' } });
    table.on(TransactWriteCommand).resolves({});
    bare.on(GetItemCommand).resolves({ Item: marshall(newScanRecord(signed, lot), { removeUndefinedValues: true }) });
    bare.on(BareQueryCommand).resolves({ Items: [] });

    const sent = {} as Record<FunctionGroup, TableRequest[]>;
    for (const group of functionGroups) {
      const { handler } = (await import(`../../../functions/${group}.ts`)) as { handler: Handler };
      sent[group] = [];
      for (const route of routeList.filter((r) => r.group === group)) {
        table.resetHistory();
        bare.resetHistory();
        items = { ...itemOf, ...samples[route.operationId].items };
        const reply = await handler(eventOf(route.operationId, samples[route.operationId]), lambdaContext(group));
        expect(reply.statusCode, `${route.operationId}: ${reply.body}`).toBeLessThan(300);
        for (const call of [...table.calls(), ...bare.calls()]) sent[group].push(...checksOf(call.args[0] as object));
      }
    }
    return sent;
  } finally {
    table.restore();
    bare.restore();
  }
}
