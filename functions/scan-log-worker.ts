// The scan-log worker: fed by the CDN log queue in AWS (S3's "Object Created" events for the CDN's log
// files, through EventBridge) and by the local server's queue; it counts each file's shopper scans once.
// A failure is reported for its message alone, so SQS delivers it again and, after the queue's maximum
// receives, moves it to the dead-letter queue, which alarms.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { cityLookup } from '../shared/demand/aggregate';
import { objectLines, logsS3Client } from '../shared/demand/s3';
import { countScanLog, createdObject } from '../shared/demand/scan-logs';
import { deps } from './commons/dependencies';
import { logger } from './commons/logger';

const s3 = logsS3Client();
const cityOf = cityLookup(deps);

async function handle(event: SQSEvent): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    const object = createdObject(record.body);
    if (!object) {
      // Retrying cannot make it an event of a log file: logged and left to go.
      logger.error('not an S3 Object Created event; dropped', { messageId: record.messageId, body: record.body.slice(0, 500) });
      continue;
    }
    try {
      const lines = await objectLines(s3, object.bucket, object.key);
      if (!lines) {
        logger.warn('log file no longer exists; nothing to count', { ...object });
        continue;
      }
      const { tally, cells, unknownLots, kept } = await countScanLog(deps, cityOf, `${object.bucket}/${object.key}`, lines);
      const summary = { ...object, lines: tally.lines, scans: tally.counted, skipped: tally.skipped, cells: cells.length, unknownLots };
      if (kept) logger.info('CDN log file counted', summary);
      else if (cells.length > 0) logger.info('CDN log file was counted before; nothing added', summary);
      else logger.debug('CDN log file has no scans', summary);
    } catch (error) {
      logger.error('log file not counted; it will be retried', {
        ...object,
        receiveCount: record.attributes.ApproximateReceiveCount,
        error,
      });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}

export const handler = middy<SQSEvent, SQSBatchResponse, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(handle);
