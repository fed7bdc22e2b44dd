// The demand aggregator: fed a batch of the table's stream records by Lambda (locally, by the stream poller
// of `npm start`), it adds them to the weekly demand figures in order, and reports the first that failed,
// so only it and those after it are delivered again.
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { aggregate, cityLookup } from '../shared/demand/aggregate';
import { changeOf } from '../shared/demand/streams';
import { deps } from './commons/dependencies';
import { logger } from './commons/logger';

const cityOf = cityLookup(deps);

async function handle(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const failedAt = await aggregate(deps, cityOf, event.Records.map(changeOf), (change, error) =>
    logger.error('stream record not aggregated; it will be delivered again', { id: change.id, sequence: change.sequence, error }),
  );
  return { batchItemFailures: failedAt === undefined ? [] : [{ itemIdentifier: failedAt }] };
}

export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(handle);
