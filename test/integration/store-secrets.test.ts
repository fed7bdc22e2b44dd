// Secret rotation as the table stores it, on DynamoDB Local: the previous secret lapses on time.
import { randomUUID } from 'node:crypto';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { localClient } from '../../scripts/local/dynamodb-local';
import { createTableInput } from '../../shared/table/definition';
import { createRepository, type Repository } from '../../shared/table/repository';

const client = localClient(inject('dynamoEndpoint'));
let repo: Repository;

beforeAll(async () => {
  const tableName = `secrets-${randomUUID()}`;
  await client.send(new CreateTableCommand(createTableInput(tableName)));
  repo = createRepository(DynamoDBDocumentClient.from(client), tableName);
});
afterAll(() => client.destroy());

describe('store secrets', () => {
  it('keeps the previous secret valid until its expiry and drops it after', async () => {
    const store = { storeId: 'st-x', name: { zh: '店', en: 'Store' }, city: 'Hangzhou', createdAt: '2026-01-01T00:00:00.000Z' };
    expect(await repo.createStore(store, 'whsec_old')).toBe(true);
    expect(await repo.getStoreSecrets('st-x', new Date('2026-01-02T00:00:00Z'))).toEqual(['whsec_old']);

    expect(await repo.rotateStoreSecret('st-x', 'whsec_new', '2026-01-02T00:00:00.000Z', '2026-01-03T00:00:00.000Z')).toBe(true);
    expect(await repo.getStoreSecrets('st-x', new Date('2026-01-02T23:59:59Z'))).toEqual(['whsec_new', 'whsec_old']);
    expect(await repo.getStoreSecrets('st-x', new Date('2026-01-03T00:00:00Z'))).toEqual(['whsec_new']);
  });

  it('rotates nothing for a store that does not exist', async () => {
    expect(await repo.rotateStoreSecret('st-none', 'whsec_new', '2026-01-02T00:00:00.000Z', '2026-01-03T00:00:00.000Z')).toBe(false);
    expect(await repo.getStoreSecrets('st-none', new Date())).toEqual([]);
  });
});
