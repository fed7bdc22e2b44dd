// Built once per Lambda container: configuration is read and checked at module load, so a
// misconfigured function fails on its first cold start rather than on some later request.
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { readConfig } from '../../shared/config';
import { dynamoDb } from './dynamodb';
import { createRepository } from '../../shared/table/repository';
import type { Deps } from '../../shared/use-cases/deps';

export const config = readConfig();

export const documentClient = DynamoDBDocumentClient.from(dynamoDb, {
  marshallOptions: { removeUndefinedValues: true },
});

export const deps: Deps = {
  repo: createRepository(documentClient, config.tableName),
  now: () => new Date(),
  publicBaseUrl: config.publicBaseUrl,
};
