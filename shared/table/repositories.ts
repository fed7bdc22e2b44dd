// Every entity's DynamoDB adapter over one table, as the functions, the local server and the
// integration tests build them.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoDbAgreements } from '../agreements/dynamodb';
import { dynamoDbCrops } from '../crops/dynamodb';
import { dynamoDbDemand, dynamoDbScanLogs } from '../demand/dynamodb';
import type { Repositories } from '../deps';
import { dynamoDbExports } from '../exports/dynamodb';
import { dynamoDbLots } from '../lots/dynamodb';
import { dynamoDbRecalls } from '../recalls/dynamodb';
import { dynamoDbReceipts } from '../receipts/dynamodb';
import { dynamoDbSales } from '../sales/dynamodb';
import { dynamoDbScans } from '../scan/dynamodb';
import { dynamoDbStores } from '../stores/dynamodb';
import { dynamoDbVillages } from '../villages/dynamodb';
import { createTable } from './client';

export function dynamoDbRepositories(client: DynamoDBClient, tableName: string): Repositories {
  const table = createTable(DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }), tableName);
  return {
    villages: dynamoDbVillages(table),
    crops: dynamoDbCrops(table),
    stores: dynamoDbStores(table),
    agreements: dynamoDbAgreements(table),
    lots: dynamoDbLots(table),
    receipts: dynamoDbReceipts(table),
    sales: dynamoDbSales(table),
    demand: dynamoDbDemand(table),
    scanLogs: dynamoDbScanLogs(table),
    scans: dynamoDbScans(client, tableName),
    recalls: dynamoDbRecalls(table),
    exports: dynamoDbExports(table),
  };
}
