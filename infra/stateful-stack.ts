// Data that must outlive any deployment of code: the table and the user pool. The stateless stack
// can be redeployed, or destroyed and recreated, without touching either.
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import { SingleTable } from './constructs/table';
import { ProgramUserPool } from './constructs/user-pool';

export class StatefulStack extends Stack {
  readonly table: SingleTable;
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    this.table = new SingleTable(this, 'Table');

    const users = new ProgramUserPool(this, 'Users');
    this.userPool = users.userPool;
    this.userPoolClient = users.client;

    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId, description: 'Cognito user pool of ops and village staff' });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId, description: 'App client whose ID tokens the API accepts' });
  }
}
