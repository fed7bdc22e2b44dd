// Every operation of every function, run through the function's real handler over stubbed clients:
// the table requests each function's code sends on its success paths, so that its role can be held to
// exactly the actions they need.
import { DynamoDBClient, GetItemCommand, QueryCommand as BareQueryCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { Readable } from 'node:stream';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { expect } from 'vitest';
import type { ApiEvent } from '../../../functions/commons/api';
import type { HttpResult } from '../../../functions/commons/http';
import { type FunctionGroup, functionGroups, routeList } from '../../../shared/routes';
import { newScanRecord } from '../../../shared/scan/projection';
import { partitions } from '../../../shared/table/definition';
import { lambdaContext } from '../../support/events';
import { eventOf, itemOf, lot, samples, signed } from '../../support/operation-samples';
import { objectCreatedEvent, w3cLog } from '../../../scripts/local/cdn-logs';
import { checksOf, type TableRequest } from '../table-requests';
import type { WorkerName } from './groups';

type Handler = (event: ApiEvent, context: Context) => Promise<HttpResult>;

const salesLine = { crop: 'dekopon', soldGrams: 12_500, revenueFen: 30_000, wasteGrams: 500 };

/** The authorization checks of the table requests each function sends while serving each of its operations. */
export async function captureHandlerRequests(): Promise<Record<FunctionGroup | WorkerName, TableRequest[]>> {
  Object.assign(process.env, {
    TABLE_NAME: 'probe',
    PUBLIC_BASE_URL: 'https://probe.example',
    AWS_REGION: 'cn-north-1',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    RECALL_QUEUE_URL: 'https://sqs.cn-north-1.amazonaws.com.cn/111122223333/recalls',
    EXPORT_QUEUE_URL: 'https://sqs.cn-north-1.amazonaws.com.cn/111122223333/exports',
    EXPORTS_BUCKET: 'probe-exports',
    // Presigning signs with whatever credentials there are; it sends nothing.
    AWS_ACCESS_KEY_ID: 'AKIAPROBE',
    AWS_SECRET_ACCESS_KEY: 'probe',
  });
  const queue = mockClient(SQSClient);
  queue.on(SendMessageCommand).resolves({});
  const files = mockClient(S3Client);
  files.on(PutObjectCommand).resolves({});
  const table = mockClient(DynamoDBDocumentClient);
  const bare = mockClient(DynamoDBClient);
  try {
    let items = itemOf;
    table.on(GetCommand).callsFake(({ Key }: { Key: { pk: string } }) => {
      const prefix = Object.keys(items).find((p) => Key.pk.startsWith(p));
      return { Item: prefix ? items[prefix] : undefined };
    });
    // A village's lots (gsi2) are the sample lot, so a recall of the village has something to recall.
    table.on(QueryCommand).callsFake(({ IndexName }: { IndexName?: string }) => ({ Items: IndexName === 'gsi2' ? [lot] : [] }));
    table.on(PutCommand).resolves({});
    table.on(UpdateCommand).resolves({ Attributes: { ...signed, status: 'cancelled' } });
    table.on(TransactWriteCommand).resolves({});
    table.on(BatchGetCommand).callsFake(({ RequestItems }: { RequestItems: Record<string, { Keys: { pk: string }[] }> }) => ({
      Responses: Object.fromEntries(Object.entries(RequestItems).map(([name, { Keys }]) => [name, Keys.map(() => lot)])),
    }));
    bare.on(GetItemCommand).resolves({ Item: marshall(newScanRecord(signed, lot), { removeUndefinedValues: true }) });
    bare.on(BareQueryCommand).resolves({ Items: [] });

    const sent = {} as Record<FunctionGroup, TableRequest[]>;
    for (const group of functionGroups) {
      const { handler } = (await import(`../../../functions/${group}.ts`)) as { handler: Handler };
      sent[group] = [];
      for (const route of routeList.filter((r) => r.group === group)) {
        table.resetHistory();
        bare.resetHistory();
        const sample = samples[route.operationId];
        for (const request of [sample, ...(sample.also ?? [])]) {
          items = { ...itemOf, ...request.items };
          const reply = await handler(eventOf(route.operationId, request), lambdaContext(group));
          expect(reply.statusCode, `${route.operationId}: ${reply.body}`).toBeLessThan(300);
        }
        for (const call of [...table.calls(), ...bare.calls()]) sent[group].push(...checksOf(call.args[0] as object));
      }
    }

    // The recall worker, over the same records: a running recall of a village (index queries) and one of
    // lot codes (a batch read), each recalling the sample lot.
    const worker = (await import('../../../functions/recall-worker')) as {
      handler: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;
    };
    table.resetHistory();
    for (const scope of [{ villageId: lot.villageId }, { lotCodes: [lot.lotCode] }]) {
      items = { ...itemOf, [partitions.recall]: { ...(itemOf[partitions.recall] as object), status: 'running', scope } };
      const record = { messageId: 'm', body: JSON.stringify({ kind: 'recall', id: 'rcl_0000000000000000' }), attributes: {} };
      const reply = await worker.handler({ Records: [record] } as unknown as SQSEvent, lambdaContext('recall-worker'));
      expect(reply.batchItemFailures, JSON.stringify(scope)).toEqual([]);
    }
    const recallWorker = table.calls().flatMap((call) => checksOf(call.args[0] as object));

    // The export worker, over the same records: a running export of a village (index queries of whole
    // lots), of lot codes (a batch read) and of a recall (its lots' partition, then a batch read).
    const exportWorker = (await import('../../../functions/export-worker')) as {
      handler: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;
    };
    table.resetHistory();
    for (const scope of [{ villageId: lot.villageId }, { lotCodes: [lot.lotCode] }, { recallId: 'rcl_0000000000000000' }]) {
      items = { ...itemOf, [partitions.export]: { ...(itemOf[partitions.export] as object), status: 'running', scope } };
      const record = { messageId: 'm', body: JSON.stringify({ kind: 'export', id: 'exp_0000000000000000' }), attributes: {} };
      const reply = await exportWorker.handler({ Records: [record] } as unknown as SQSEvent, lambdaContext('export-worker'));
      expect(reply.batchItemFailures, JSON.stringify(scope)).toEqual([]);
    }
    expect(files.commandCalls(PutObjectCommand)).toHaveLength(3);
    const exportWorkerRequests = table.calls().flatMap((call) => checksOf(call.args[0] as object));

    // The demand aggregator, fed a store's day, a lot's first receipt and a CDN log file's counts.
    const aggregator = (await import('../../../functions/demand-aggregator')) as {
      handler: (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse>;
    };
    table.resetHistory();
    items = itemOf;
    const received = { ...lot, receipt: { storeId: 'st-probe', at: lot.recordedAt, acceptedGrams: 9_000, rejectedGrams: 1_000 } };
    const changes: [string, Record<string, unknown> | undefined, Record<string, unknown>][] = [
      ['1', undefined, { entity: 'salesDay', storeId: 'st-probe', city: 'Chengdu', date: '2026-05-01', lines: [salesLine] }],
      ['2', { entity: 'lot', ...lot }, { entity: 'lot', ...received }],
      ['3', undefined, { entity: 'scanLog', cells: [{ crop: lot.crop, city: 'Chengdu', week: '2026-W18', scans: 3 }] }],
    ];
    const streamEvent = {
      Records: changes.map(([sequence, before, after]) => ({
        eventID: `e${sequence}`,
        dynamodb: {
          SequenceNumber: sequence,
          ...(before && { OldImage: marshall(before, { removeUndefinedValues: true }) }),
          NewImage: marshall(after, { removeUndefinedValues: true }),
        },
      })),
    } as unknown as DynamoDBStreamEvent;
    expect((await aggregator.handler(streamEvent, lambdaContext('demand-aggregator'))).batchItemFailures).toEqual([]);
    const demandAggregator = table.calls().flatMap((call) => checksOf(call.args[0] as object));

    // The scan-log worker, counting a log file in which a shopper opened the sample lot (headed for a store).
    const scanLogs = (await import('../../../functions/scan-log-worker')) as {
      handler: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;
    };
    const at = new Date().toISOString();
    const log = w3cLog([
      {
        date: at.slice(0, 10),
        time: at.slice(11, 19),
        'cs-method': 'GET',
        'cs-uri-stem': `/l/${lot.lotCode}`,
        'sc-status': 200,
        'cs(User-Agent)': 'Mozilla/5.0 (iPhone) Mobile/15E148',
      },
    ]);
    files.on(GetObjectCommand).callsFake(() => ({ Body: Readable.from([Buffer.from(log)]) }));
    table.resetHistory();
    table.on(BatchGetCommand).resolves({ Responses: { probe: [{ ...lot, destinationStoreId: 'st-probe' }] } });
    const logEvent = objectCreatedEvent({ bucket: 'logs', key: 'cloudfront/E1/2026/05/01/08/E1.gz', size: log.length });
    const counted = await scanLogs.handler(
      { Records: [{ messageId: 'm', body: logEvent, attributes: {} }] } as unknown as SQSEvent,
      lambdaContext('scan-log-worker'),
    );
    expect(counted.batchItemFailures).toEqual([]);
    const scanLogWorker = table.calls().flatMap((call) => checksOf(call.args[0] as object));
    return { ...sent, recallWorker, exportWorker: exportWorkerRequests, demandAggregator, scanLogWorker };
  } finally {
    files.restore();
    table.restore();
    bare.restore();
    queue.restore();
  }
}
