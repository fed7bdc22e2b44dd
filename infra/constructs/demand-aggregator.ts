// The demand aggregator in AWS: the table's stream feeds it in batches, only the changes it counts (store
// days, lots' first receipts, CDN log counts, agreements) reach it, a failure is reported for the record that failed,
// and a batch that fails every retry is recorded in a queue that alarms.
import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Tracing, FilterCriteria, FilterRule, StartingPosition, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { partitions } from '../../shared/table/definition';
import { ApiFunction } from './api-function';
import type { SingleTable } from './table';

/** Stream records per invocation: a batch of the table's changes, most of which are not counted. */
export const AGGREGATOR_BATCH_SIZE = 100;

export interface DemandAggregatorProps {
  /** Absolute path of the aggregator module. */
  readonly entry: string;
  readonly publicBaseUrl: string;
  readonly stage: string;
  /** The table whose stream it reads and whose weekly figures it writes. */
  readonly table: SingleTable;
  readonly logRetention: RetentionDays;
  readonly logRemovalPolicy: RemovalPolicy;
}

export class DemandAggregator extends Construct {
  readonly worker: ApiFunction;
  /** Where a batch that failed until it left the stream is described (shard and sequence numbers, not the records). */
  readonly failures: Queue;

  constructor(scope: Construct, id: string, props: DemandAggregatorProps) {
    super(scope, id);
    this.worker = new ApiFunction(this, 'Worker', {
      entry: props.entry,
      description:
        "Adds the table's stream of sales, receipts and scan counts to the weekly demand figures, and agreements to the program's",
      publicBaseUrl: props.publicBaseUrl,
      stage: props.stage,
      logRetention: props.logRetention,
      logRemovalPolicy: props.logRemovalPolicy,
      timeout: Duration.minutes(1),
      tracing: Tracing.ACTIVE,
    });
    // It reads stores' cities, adds to weekly figures and the program's rows, and marks what it added: nothing else.
    this.worker.bindTable(props.table, {
      only: [
        { actions: ['GetItem'], partitions: [partitions.store] },
        { actions: ['UpdateItem'], partitions: [partitions.demand, partitions.program] },
        { actions: ['PutItem'], partitions: [partitions.aggregated] },
      ],
    });

    this.failures = new Queue(this, 'Failures', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.failures).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SQS3',
      reason:
        "This queue is itself where failures go: the stream event source's on-failure destination, which " +
        'records the shard and sequence numbers of a batch that failed until it left the stream. It alarms on its first message.',
    });

    const entity = (name: string) => ({ NewImage: { entity: { S: FilterRule.isEqual(name) } } });
    // Exists matching works on leaves only, so a receipt is told by its store id.
    const receiptStore = (rule: unknown) => ({ receipt: { M: { storeId: { S: rule } } } });
    this.worker.function.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: AGGREGATOR_BATCH_SIZE,
        reportBatchItemFailures: true,
        // A failing record is retried until it leaves the stream (24 hours), holding back the records
        // after it in its shard, rather than passed over: the iterator-age alarm calls ops long before.
        onFailure: new SqsDlq(this.failures),
        // Only what adds to the figures reaches the function: store days (new or corrected), CDN log
        // counts, and lots as their receipt is applied. The aggregator's own writes never do.
        filters: [
          FilterCriteria.filter({ dynamodb: entity('salesDay') }),
          FilterCriteria.filter({ eventName: FilterRule.isEqual('INSERT'), dynamodb: entity('scanLog') }),
          // Agreements, signed or changed by intake, receipts and cancellation: the program's rows.
          FilterCriteria.filter({ dynamodb: entity('agreement') }),
          FilterCriteria.filter({
            eventName: FilterRule.isEqual('MODIFY'),
            dynamodb: {
              NewImage: { entity: { S: FilterRule.isEqual('lot') }, ...receiptStore(FilterRule.exists()) },
              OldImage: receiptStore(FilterRule.notExists()),
            },
          }),
        ],
      }),
    );
  }

  /** The aggregator, for alarms and the dashboard. */
  get function(): IFunction {
    return this.worker.function;
  }
}
