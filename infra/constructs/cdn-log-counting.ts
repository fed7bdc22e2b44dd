// Counting shoppers' scans in the CDN's standard logs, on the job pattern: the log bucket tells EventBridge
// of every object created in it; a rule sends the events of the CDN's log files to a queue, whose worker
// counts each file once; a file that fails on every delivery waits in the dead-letter queue, which alarms
// (Observability). Through EventBridge, not the bucket's own notifications: those would name this stack's
// queue from the stateful stack, tying the two together.
import { Duration, Fn, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { CDN_LOG_PREFIX } from '../../shared/demand/cdn-logs';
import { partitions } from '../../shared/table/definition';
import { JobQueue } from './job-queue';
import type { SingleTable } from './table';

export interface CdnLogCountingProps {
  /** Absolute path of the scan-log worker's module. */
  readonly entry: string;
  readonly publicBaseUrl: string;
  readonly stage: string;
  readonly table: SingleTable;
  /** The bucket CloudFront delivers its standard logs to, under CDN_LOG_PREFIX; it must send its events to EventBridge. */
  readonly logBucket: IBucket;
  /** The name of the export of the log bucket's ARN (StatefulStack's logBucketArnExport). */
  readonly logBucketArnExport: string;
  readonly logRetention: RetentionDays;
  readonly logRemovalPolicy: RemovalPolicy;
}

export class CdnLogCounting extends Construct {
  /** The log files' queue, its dead-letter queue and the worker. */
  readonly jobs: JobQueue;

  constructor(scope: Construct, id: string, props: CdnLogCountingProps) {
    super(scope, id);
    this.jobs = new JobQueue(this, 'Jobs', {
      entry: props.entry,
      description: "Counts shoppers' scans in each of the CDN's standard-log files, once per file",
      publicBaseUrl: props.publicBaseUrl,
      stage: props.stage,
      table: props.table,
      // It reads the scanned lots (one batch per hundred) and the cities of their stores, and keeps the
      // file's counts: nothing else.
      tableAccess: {
        only: [
          { actions: ['BatchGetItem'], partitions: [partitions.lot] },
          { actions: ['GetItem'], partitions: [partitions.store] },
          { actions: ['PutItem'], partitions: [partitions.scanLog] },
        ],
      },
      logRetention: props.logRetention,
      logRemovalPolicy: props.logRemovalPolicy,
      timeout: Duration.minutes(5),
    });
    // The CDN's log files and no other object: not the page bucket's access logs beside them.
    const logFiles = `${Fn.importValue(props.logBucketArnExport)}/${CDN_LOG_PREFIX}/*`;
    this.jobs.worker.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [logFiles] }));
    Validations.of(this.jobs.worker.role).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::${props.logBucketArnExport}/${CDN_LOG_PREFIX}/*]`,
      reason:
        'Log files get names of CloudFront’s making (distribution, hour, a unique suffix) under the CDN’s prefix: the ' +
        'worker may read the objects under that prefix of the log bucket, and no other object or action.',
    });

    new Rule(this, 'LogFileCreated', {
      description: "Sends each new file of the CDN's standard logs to the scan-log queue",
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: { bucket: { name: [props.logBucket.bucketName] }, object: { key: [{ prefix: `${CDN_LOG_PREFIX}/` }] } },
      },
      // An event EventBridge could not put on the queue joins the files that failed: same body, same redrive.
      targets: [new SqsQueue(this.jobs.queue, { deadLetterQueue: this.jobs.deadLetterQueue, maxEventAge: Duration.hours(24) })],
    });
  }
}
