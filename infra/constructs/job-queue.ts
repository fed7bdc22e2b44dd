// One kind of background job in AWS: its queue, the dead-letter queue a job lands in after failing on
// every delivery, and the worker function the queue feeds. The same worker runs locally in `npm start`.
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { type IFunction, Tracing } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { MAX_RECEIVES } from '../../shared/jobs/queue';
import { ApiFunction, type TableAccess } from './api-function';
import type { SingleTable } from './table';

export interface JobQueueProps {
  /** Absolute path of the worker module, which exports `handler`. */
  readonly entry: string;
  /** What the worker does, shown in the Lambda console. */
  readonly description: string;
  /** The base URL of shoppers' QR codes, which the worker's use cases may need. */
  readonly publicBaseUrl: string;
  /** The stage the worker serves: the `stage` dimension of its business metrics. */
  readonly stage: string;
  readonly table: SingleTable;
  /** How much of the table the worker may use. */
  readonly tableAccess: TableAccess;
  readonly logRetention: RetentionDays;
  readonly logRemovalPolicy: RemovalPolicy;
  /**
   * The longest one job may run. A job that dies is delivered again once its message's visibility
   * timeout (a little longer) has passed, and resumes where it stopped.
   * @default Duration.minutes(5)
   */
  readonly timeout?: Duration;
}

/** A queue, its dead-letter queue and its worker, wired with partial batch failures. */
export class JobQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly worker: ApiFunction;

  constructor(scope: Construct, id: string, props: JobQueueProps) {
    super(scope, id);
    const timeout = props.timeout ?? Duration.minutes(5);

    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The longest SQS keeps a message: time for ops to look into a failed job and send it again.
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Longer than a run of the worker, so a job is not delivered twice at once.
      visibilityTimeout: timeout.plus(Duration.minutes(1)),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVES },
    });

    this.worker = new ApiFunction(this, 'Worker', {
      entry: props.entry,
      description: props.description,
      publicBaseUrl: props.publicBaseUrl,
      stage: props.stage,
      logRetention: props.logRetention,
      logRemovalPolicy: props.logRemovalPolicy,
      timeout,
      tracing: Tracing.ACTIVE,
    });
    this.worker.bindTable(props.table, props.tableAccess);
    // One job per invocation: a job is long and its failure is its own.
    this.worker.function.addEventSource(new SqsEventSource(this.queue, { batchSize: 1, reportBatchItemFailures: true }));
  }

  /** Lets a function send jobs to the queue, and tells it the queue's URL in `variable`. */
  bindSender(fn: ApiFunction, variable: string): void {
    this.queue.grantSendMessages(fn.role);
    fn.function.addEnvironment(variable, this.queue.queueUrl);
  }

  /** The worker, for alarms and the dashboard. */
  get function(): IFunction {
    return this.worker.function;
  }
}
