// Every operation of every function, run through the function's real handler over stubbed clients:
// the table requests each function's code sends on its success paths, so that its role can be held to
// exactly the actions they need. A route added to the table does not compile here until it has a sample.
import { DynamoDBClient, GetItemCommand, QueryCommand as BareQueryCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { expect } from 'vitest';
import type { ApiEvent } from '../../../functions/commons/api';
import type { HttpResult } from '../../../functions/commons/http';
import { type FunctionGroup, functionGroups, type OperationId, routeList } from '../../../shared/routes';
import { newScanRecord } from '../../../shared/scan/projection';
import { sign } from '../../../shared/stores/webhooks';
import { partitions } from '../../../shared/table/definition';
import { agreement, lotRecord, PUBLIC_PARTS, VILLAGE_ID } from '../../support/records';
import { apiEvent, lambdaContext, OPS_CLAIMS } from '../../support/events';
import { checksOf, type TableRequest } from '../table-requests';

const STORE_ID = 'st-probe';
const SECRET = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;
const signed = agreement();
const lot = lotRecord();
const dispatched = { ...lot, dispatch: { storeId: STORE_ID, at: '2025-01-16T08:00:00.000Z' } };
const now = new Date().toISOString();

/** What a GetItem of each partition answers: a record every operation below can succeed with. */
const itemOf: Record<string, unknown> = {
  [partitions.village]: PUBLIC_PARTS.village,
  [partitions.crop]: PUBLIC_PARTS.crop,
  [partitions.agreement]: signed,
  [partitions.lot]: lot,
  [partitions.store]: { storeId: STORE_ID, name: { zh: '门店', en: 'Store' }, city: 'Chengdu', createdAt: now },
  [partitions.storeSecret]: { current: SECRET },
};

interface Sample {
  readonly params?: Record<string, string>;
  readonly body?: unknown;
  readonly claims?: Record<string, string>;
  /** Items that differ from `itemOf` for this request, by partition. */
  readonly items?: Record<string, unknown>;
}

const receipt = JSON.stringify({
  type: 'shipment.received',
  timestamp: now,
  data: { lotCode: lot.lotCode, receivedAt: now, acceptedKg: 10, rejectedKg: 0 },
});
const ops = { claims: OPS_CLAIMS };

/** One request per operation that its handler answers with success. */
const samples: Record<OperationId, Sample> = {
  createVillage: { ...ops, body: { name: { zh: '村', en: 'Village' }, province: 'Sichuan', county: 'Danling' } },
  getVillage: { ...ops, params: { villageId: VILLAGE_ID } },
  putCrop: { ...ops, params: { crop: 'dekopon' }, body: { name: { zh: '不知火', en: 'Dekopon' }, recipes: [] } },
  createStore: { ...ops, body: { storeId: STORE_ID, name: { zh: '门店', en: 'Store' }, city: 'Chengdu' } },
  rotateStoreSecret: { ...ops, params: { storeId: STORE_ID } },
  createAgreement: {
    ...ops,
    body: {
      villageId: VILLAGE_ID,
      crop: 'dekopon',
      committedKg: 1000,
      tolerancePct: 0,
      prices: [{ grade: 'A', fenPerKg: 800 }],
      deliveryWindow: { from: '2025-01-10', to: '2099-12-31' },
    },
  },
  getAgreement: { ...ops, params: { agreementId: signed.agreementId } },
  listVillageAgreements: { ...ops, params: { villageId: VILLAGE_ID } },
  cancelAgreement: { ...ops, params: { agreementId: signed.agreementId }, body: {} },
  getSettlement: { ...ops, params: { agreementId: signed.agreementId } },
  recordLot: {
    ...ops,
    params: { agreementId: signed.agreementId },
    body: { clientLotId: 'c-probe', grade: 'A', quantityKg: 1, harvestedOn: '2025-01-15', destinationStoreId: STORE_ID },
  },
  dispatchLot: { ...ops, params: { lotCode: lot.lotCode }, body: { storeId: STORE_ID, dispatchedAt: now } },
  getLot: { ...ops, params: { lotCode: lot.lotCode } },
  receiveReceipt: { params: { storeId: STORE_ID }, body: receipt, items: { [partitions.lot]: dispatched } },
  listReceiptExceptions: ops,
  recallLot: { ...ops, params: { lotCode: lot.lotCode }, body: { reason: { zh: '召回', en: 'Recalled' } } },
  getLabel: { ...ops, params: { lotCode: lot.lotCode } },
  scanLot: { params: { lotCode: lot.lotCode } },
  getOpenApi: {},
};

function eventOf(operationId: OperationId, sample: Sample): ApiEvent {
  const route = routeList.find((r) => r.operationId === operationId)!;
  const body = typeof sample.body === 'string' ? sample.body : sample.body === undefined ? undefined : JSON.stringify(sample.body);
  const headers: Record<string, string> = {};
  if (route.access === 'store' && body !== undefined) {
    const id = `msg_${operationId}`;
    const at = new Date();
    Object.assign(headers, {
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': sign(SECRET, id, at, body),
    });
  }
  return apiEvent(route, { params: sample.params ?? {}, body, headers, claims: sample.claims });
}

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
