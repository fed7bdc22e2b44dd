// Secret rotation as the table stores it, on DynamoDB Local: the previous secret lapses on time.
import { randomUUID } from 'node:crypto';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { localClient } from '../../scripts/local/dynamodb-local';
import { createTableInput } from '../../shared/table/definition';
import type { StoreRepository } from '../../shared/stores/store';
import { dynamoDbRepositories } from '../../shared/table/repositories';

const client = localClient(inject('dynamoEndpoint'));
let stores: StoreRepository;

beforeAll(async () => {
  const tableName = `secrets-${randomUUID()}`;
  await client.send(new CreateTableCommand(createTableInput(tableName)));
  ({ stores } = dynamoDbRepositories(client, tableName));
});
afterAll(() => client.destroy());

describe('store secrets', () => {
  it('keeps the previous secret valid until its expiry and drops it after', async () => {
    const store = { storeId: 'st-x', name: { zh: '店', en: 'Store' }, city: 'Hangzhou', createdAt: '2026-01-01T00:00:00.000Z' };
    expect(await stores.create(store, 'whsec_old')).toBe(true);
    expect(await stores.secretsOf('st-x', new Date('2026-01-02T00:00:00Z'))).toEqual(['whsec_old']);

    expect(await stores.rotateSecret('st-x', 'whsec_new', '2026-01-02T00:00:00.000Z', '2026-01-03T00:00:00.000Z')).toBe(true);
    expect(await stores.secretsOf('st-x', new Date('2026-01-02T23:59:59Z'))).toEqual(['whsec_new', 'whsec_old']);
    expect(await stores.secretsOf('st-x', new Date('2026-01-03T00:00:00Z'))).toEqual(['whsec_new']);
  });

  it('rotates nothing for a store that does not exist', async () => {
    expect(await stores.rotateSecret('st-none', 'whsec_new', '2026-01-02T00:00:00.000Z', '2026-01-03T00:00:00.000Z')).toBe(false);
    expect(await stores.secretsOf('st-none', new Date())).toEqual([]);
  });
});
