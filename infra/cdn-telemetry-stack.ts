// What watches the CDN from us-east-1, where CloudFront reports its metrics and where its standard-log
// delivery is configured: it deploys after the stateless stack, once the distribution exists.
import { Fn, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { StageConfig } from './config';
import { CdnLogDelivery } from './constructs/cdn-log-delivery';
import { EDGE_REGION } from './edge-stack';

/** A main-region stack's output, read when this stack deploys (its stack must deploy first). */
export interface StackOutput {
  readonly stack: Stack;
  readonly outputName: string;
}

export interface CdnTelemetryStackProps extends Omit<StackProps, 'env'> {
  readonly config: StageConfig;
  /** The stateless stack's output holding the distribution's id. */
  readonly distributionId: StackOutput;
  /** The stateful stack's output holding the log bucket's ARN. */
  readonly logBucketArn: StackOutput;
}

/** Pinned to us-east-1; it reads the main region's outputs with `Fn::GetStackOutput`, by region. */
export class CdnTelemetryStack extends Stack {
  constructor(scope: Construct, id: string, props: CdnTelemetryStackProps) {
    super(scope, id, { ...props, env: { region: EDGE_REGION } });
    const output = ({ stack, outputName }: StackOutput) => {
      this.addStackDependency(stack, `Reads its ${outputName} output`);
      return Fn.getStackOutput(stack.stackName, outputName, stack.region);
    };
    new CdnLogDelivery(this, 'AccessLogs', {
      name: `VillageDirect-${props.config.stage}`,
      distributionId: output(props.distributionId),
      logBucketArn: output(props.logBucketArn),
    });
  }
}
