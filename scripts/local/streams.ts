// The local stand-in for Lambda's DynamoDB Streams event source: it polls DynamoDB Local's stream of the
// table, shard by shard, and hands each batch to the same aggregator handler as stream-shaped events. A
// batch that reports a failure is read again from the failed record, after a delay, as Lambda does; after
// MAX_ATTEMPTS the failed record is skipped and kept as a dead letter (the deployed stack's on-failure
// queue). It starts at the stream's oldest record, so a restart delivers again what is still in the
// stream: the aggregator adds each record once.
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record,
} from '@aws-sdk/client-dynamodb-streams';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

export type StreamHandler = (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse>;

export interface LocalStreamPoller {
  /** Resolves after a full pass over the stream, begun after the call, found nothing new (at once when stopped). */
  idle(): Promise<void>;
  /** Sequence numbers of records given up on after MAX_ATTEMPTS. */
  readonly deadLetters: readonly string[];
  stop(): Promise<void>;
}

/** The deployed event source's batch size. */
const BATCH_SIZE = 100;
const MAX_ATTEMPTS = 5;

const context = (requestId: string): Context => ({
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'local-demand-aggregator',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:local-demand-aggregator',
  memoryLimitInMB: '1024',
  awsRequestId: requestId,
  logGroupName: '/local/demand-aggregator',
  logStreamName: 'local',
  getRemainingTimeInMillis: () => 60_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

type Image = Record<string, unknown>;

/**
 * An image with its empty maps as Lambda delivers them (`{"M":{}}`): the streams client of this SDK version
 * reads an empty map attribute as a value with no type at all (`{}`), which no unmarshaller accepts. (Seen
 * on the scan projection's empty `journey`; empty lists come through as `{"L":[]}`.)
 */
function withEmptyMaps(image: Image | undefined): Image | undefined {
  if (!image) return image;
  const value = (v: unknown): unknown => {
    if (typeof v !== 'object' || v === null) return v;
    const av = v as Record<string, unknown>;
    if (Object.keys(av).length === 0) return { M: {} };
    if (av.M) return { M: withEmptyMaps(av.M as Image) };
    if (Array.isArray(av.L)) return { L: av.L.map(value) };
    return av;
  };
  return Object.fromEntries(Object.entries(image).map(([name, v]) => [name, value(v)]));
}

/** A record as Lambda delivers it: the same attribute values, the creation time in epoch seconds. */
export function lambdaRecord(record: _Record, streamArn: string): DynamoDBRecord {
  const { ApproximateCreationDateTime, NewImage, OldImage, ...dynamodb } = record.dynamodb ?? {};
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion,
    eventSource: 'aws:dynamodb',
    awsRegion: 'local',
    eventSourceARN: streamArn,
    dynamodb: {
      ...(dynamodb as DynamoDBRecord['dynamodb']),
      ...(NewImage && { NewImage: withEmptyMaps(NewImage) as never }),
      ...(OldImage && { OldImage: withEmptyMaps(OldImage) as never }),
      ApproximateCreationDateTime: ApproximateCreationDateTime && Math.floor(ApproximateCreationDateTime.getTime() / 1000),
    },
  };
}

/** Every record in a stream, from its oldest, shard by shard, as Lambda delivers them (for tests and the bench). */
export async function streamRecords(client: DynamoDBStreamsClient, streamArn: string): Promise<DynamoDBRecord[]> {
  const { StreamDescription } = await client.send(new DescribeStreamCommand({ StreamArn: streamArn }));
  const records: DynamoDBRecord[] = [];
  for (const { ShardId } of StreamDescription?.Shards ?? []) {
    const start = await client.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId, ShardIteratorType: 'TRIM_HORIZON' }));
    let iterator = start.ShardIterator;
    while (iterator) {
      const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      records.push(...(page.Records ?? []).map((r) => lambdaRecord(r, streamArn)));
      if (!page.Records?.length) break;
      iterator = page.NextShardIterator;
    }
  }
  return records;
}

interface Shard {
  iterator?: string;
  /** Set when a batch failed: the record to read again from, and how often it has failed. */
  retry?: { sequence: string; attempts: number; at: number };
  done: boolean;
}

export function startStreamPoller(options: {
  endpoint: string;
  streamArn: string;
  handler: StreamHandler;
  intervalMs?: number;
  retryDelayMs?: number;
}): LocalStreamPoller {
  const { streamArn, handler } = options;
  const interval = options.intervalMs ?? 200;
  const retryDelay = options.retryDelayMs ?? 500;
  const client = new DynamoDBStreamsClient({
    endpoint: options.endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const shards = new Map<string, Shard>();
  const deadLetters: string[] = [];
  let waiters: { since: number; wake: () => void }[] = [];
  let passes = 0;
  let stopped = false;
  /** Ends the wait between passes early, so a caller of `idle()` is answered after one or two quick passes. */
  let nudge: (() => void) | undefined;
  let requests = 0;

  const iteratorAt = async (shardId: string, at: { sequence?: string }) =>
    (
      await client.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shardId,
          ...(at.sequence
            ? { ShardIteratorType: 'AT_SEQUENCE_NUMBER', SequenceNumber: at.sequence }
            : { ShardIteratorType: 'TRIM_HORIZON' }),
        }),
      )
    ).ShardIterator;

  /** Reads one batch of a shard and hands it over: whether it found records, or waits to retry a failed one. */
  async function pollShard(shardId: string, shard: Shard): Promise<'records' | 'empty' | 'waiting'> {
    if (shard.retry) {
      if (Date.now() < shard.retry.at) return 'waiting';
      shard.iterator = await iteratorAt(shardId, shard.retry);
    }
    shard.iterator ??= await iteratorAt(shardId, {});
    const { Records = [], NextShardIterator } = await client.send(
      new GetRecordsCommand({ ShardIterator: shard.iterator, Limit: BATCH_SIZE }),
    );
    if (Records.length === 0) {
      shard.iterator = NextShardIterator;
      shard.done = NextShardIterator === undefined;
      return 'empty';
    }
    const reply = await handler({ Records: Records.map((r) => lambdaRecord(r, streamArn)) }, context(`local-${++requests}`));
    const failed = reply?.batchItemFailures?.map((f) => f.itemIdentifier).sort()[0];
    if (failed === undefined) {
      shard.retry = undefined;
      shard.iterator = NextShardIterator;
      shard.done = NextShardIterator === undefined;
      return 'records';
    }
    const attempts = shard.retry?.sequence === failed ? shard.retry.attempts + 1 : 1;
    if (attempts >= MAX_ATTEMPTS) {
      // Given up on, as the deployed event source does after its retries: the records after it go on.
      deadLetters.push(failed);
      const index = Records.findIndex((r) => r.dynamodb?.SequenceNumber === failed);
      const next = Records[index + 1]?.dynamodb?.SequenceNumber;
      shard.retry = undefined;
      shard.iterator = next ? await iteratorAt(shardId, { sequence: next }) : NextShardIterator;
      return 'records';
    }
    shard.retry = { sequence: failed, attempts, at: Date.now() + retryDelay * attempts };
    return 'waiting';
  }

  async function pass(): Promise<Set<string>> {
    const { StreamDescription } = await client.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const { ShardId } of StreamDescription?.Shards ?? []) if (ShardId && !shards.has(ShardId)) shards.set(ShardId, { done: false });
    const outcomes = new Set<string>();
    for (const [shardId, shard] of shards) if (!shard.done) outcomes.add(await pollShard(shardId, shard));
    return outcomes;
  }

  const running = (async () => {
    while (!stopped) {
      const started = passes;
      let outcomes = new Set(['waiting']);
      try {
        outcomes = await pass();
      } catch (error) {
        if (!stopped) console.error('local stream poller:', error);
      }
      passes++;
      // Idle: a whole pass that began after the caller asked found nothing, and nothing waits to be retried.
      if (!outcomes.has('records') && !outcomes.has('waiting')) {
        const ready = waiters.filter((w) => w.since < started);
        waiters = waiters.filter((w) => w.since >= started);
        for (const waiter of ready) waiter.wake();
      }
      if (!stopped && !outcomes.has('records') && !(waiters.length > 0 && !outcomes.has('waiting'))) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, interval);
          nudge = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        nudge = undefined;
      }
    }
  })();

  return {
    // A stopped poller has nothing left to do.
    idle: () =>
      new Promise<void>((wake) => {
        if (stopped) return wake();
        waiters.push({ since: passes, wake });
        nudge?.();
      }),
    deadLetters,
    async stop() {
      stopped = true;
      nudge?.();
      await running;
      for (const waiter of waiters.splice(0)) waiter.wake();
      client.destroy();
    },
  };
}
