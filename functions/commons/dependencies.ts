// Built once per Lambda container: configuration is read and checked at module load, so a
// misconfigured function fails on its first cold start rather than on some later request.
import { readConfig } from '../../shared/config';
import type { Deps } from '../../shared/deps';
import { dynamoDbRepositories } from '../../shared/table/repositories';
import { dynamoDb } from './dynamodb';

export const config = readConfig();

export const deps: Deps = {
  ...dynamoDbRepositories(dynamoDb, config.tableName),
  now: () => new Date(),
  publicBaseUrl: config.publicBaseUrl,
};
