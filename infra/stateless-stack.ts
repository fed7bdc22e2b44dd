// Code and its front door: one function per route group behind the HTTP API. Everything here can be
// replaced on any deploy; the data it uses comes in from the stateful stack.
import { fileURLToPath } from 'node:url';
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { IUserPoolClient, UserPool } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { functionGroups, routeList, type FunctionGroup } from '../shared/routes';
import type { StageConfig } from './config';
import { ApiFunction, type TableAccess } from './constructs/api-function';
import { ProgramHttpApi } from './constructs/http-api';
import { partitions, type SingleTable } from './constructs/table';

/**
 * What each group does and how much of the table it may touch. A Record, so a group added to the
 * route table does not compile until someone decides its access here.
 */
const groups: Record<FunctionGroup, { readonly description: string; readonly table?: TableAccess }> = {
  catalogue: { description: 'Villages, crops and stores', table: 'readWrite' },
  agreements: { description: 'Fixed-price agreements and settlements', table: 'readWrite' },
  lots: { description: 'Harvest intake, dispatch and lot labels', table: 'readWrite' },
  // The only reader of store secrets, and a public endpoint: it may read the store's secret, the
  // lot and (on a retry) the stored receipt; write the receipt or exception; and, in the same
  // transaction, mark the lot received and add to the agreement's totals. Nothing else.
  receipts: {
    description: 'Signed shipment receipts from stores',
    table: {
      only: [
        { actions: ['GetItem'], partitions: [partitions.storeSecret, partitions.lot, partitions.receipt] },
        { actions: ['PutItem'], partitions: [partitions.receipt] },
        { actions: ['UpdateItem'], partitions: [partitions.lot, partitions.agreement] },
      ],
    },
  },
  // Serves the OpenAPI document built from the route table; it reads no data.
  docs: { description: 'The OpenAPI document' },
};

export interface StatelessStackProps extends StackProps {
  readonly config: StageConfig;
  readonly table: SingleTable;
  readonly userPool: UserPool;
  readonly userPoolClient: IUserPoolClient;
}

export class StatelessStack extends Stack {
  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { config } = props;

    const api = new ProgramHttpApi(this, 'HttpApi', {
      userPool: props.userPool,
      userPoolClient: props.userPoolClient,
      throttle: config.throttle,
      webhookThrottle: config.webhookThrottle,
      logRetention: config.logRetention,
      logRemovalPolicy: config.logRemovalPolicy,
    });

    // The functions refer only to the API resource, not to its routes, so there is no cycle.
    const publicBaseUrl = config.publicBaseUrl ?? api.url;
    const handlers = {} as Record<FunctionGroup, IFunction>;
    for (const group of functionGroups) {
      const fn = new ApiFunction(this, `${group}-function`, {
        entry: fileURLToPath(new URL(`../functions/${group}.ts`, import.meta.url)),
        description: groups[group].description,
        publicBaseUrl,
        logRetention: config.logRetention,
        logRemovalPolicy: config.logRemovalPolicy,
      });
      const access = groups[group].table;
      if (access) fn.bindTable(props.table, access);
      handlers[group] = fn.function;
    }
    api.addRoutes(routeList, handlers);

    new CfnOutput(this, 'ApiUrl', { value: api.url, description: 'Base URL of the HTTP API' });
  }
}
