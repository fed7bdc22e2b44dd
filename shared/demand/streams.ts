// The DynamoDB Streams adapter of the aggregator: a stream record (as Lambda delivers it, and as the local
// poller shapes it) becomes an item change with plain images.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { ItemChange } from './aggregate';

const image = (value: unknown) => (value ? unmarshall(value as Record<string, AttributeValue>) : undefined);

export function changeOf(record: DynamoDBRecord): ItemChange {
  return {
    id: record.eventID ?? record.dynamodb?.SequenceNumber ?? '',
    sequence: record.dynamodb?.SequenceNumber ?? '',
    before: image(record.dynamodb?.OldImage),
    after: image(record.dynamodb?.NewImage),
  };
}
