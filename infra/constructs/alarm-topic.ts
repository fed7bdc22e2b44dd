// Where alarms go: an encrypted SNS topic that emails whoever the stage names. Each stack that
// alarms has its own, since an alarm notifies a topic of its own region.
import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Alarm, type AlarmProps, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface AlarmTopicProps {
  /** Addresses subscribed by email; each confirms once. */
  readonly emails: readonly string[];
}

/**
 * An SNS topic for alarms, encrypted with a key CloudWatch may use and refusing publishes without TLS.
 * CloudWatch may publish to it, and use the key, only for alarms of this account and region.
 */
export class AlarmTopic extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const cloudWatch = new ServicePrincipal('cloudwatch.amazonaws.com');
    // The confused-deputy guard: CloudWatch acts for this account's alarms in this region only.
    const fromOwnAlarms = {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: {
        'aws:SourceArn': stack.formatArn({
          service: 'cloudwatch',
          resource: 'alarm',
          resourceName: '*',
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      },
    };
    const key = new Key(this, 'Key', {
      description: `Encrypts the alarm notifications of ${Stack.of(this).stackName}`,
      enableKeyRotation: true,
      // It protects notifications in flight only, which SNS delivers or drops within hours.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    // CloudWatch encrypts the notifications it publishes. The AWS managed SNS key's policy does
    // not let it, so alarms could not publish to a topic encrypted with that key.
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [cloudWatch],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: fromOwnAlarms,
      }),
    );
    this.topic = new Topic(this, 'Topic', { displayName: 'Village-direct alarms', masterKey: key, enforceSSL: true });
    // `enforceSSL` gives the topic a policy of its own, whose only statement is that Deny. A topic
    // policy replaces the default one, under which CloudWatch alarms could publish: without this
    // Allow, every notification fails with "not authorized to perform: SNS:Publish".
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [cloudWatch],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: fromOwnAlarms,
      }),
    );
    for (const email of props.emails) this.topic.addSubscription(new EmailSubscription(email));
  }

  /** An alarm that notifies the topic when it fires and when it clears. No data (no traffic) is not a breach. */
  alarm(scope: Construct, id: string, props: Omit<AlarmProps, 'treatMissingData'>): Alarm {
    const alarm = new Alarm(scope, id, { ...props, treatMissingData: TreatMissingData.NOT_BREACHING });
    const notify = new SnsAction(this.topic);
    alarm.addAlarmAction(notify);
    alarm.addOkAction(notify);
    return alarm;
  }
}
