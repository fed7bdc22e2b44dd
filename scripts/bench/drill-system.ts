// What the drills at scale (`bench:trace`, `bench:exports`) share: the local system on a DynamoDB Local of
// its own with an empty in-memory table, a caller of its API signed in as ops, and work spread over a few
// concurrent workers, as many clients would send it.
import { localClient, startDynamoDbLocal } from '../local/dynamodb-local';
import { startLocalSystem } from '../local/system';

const CONCURRENCY = 16;

/** A date `offset` days from today in China, where harvests are dated. */
export const chinaDay = (offset: number) => new Date(Date.now() + 8 * 3600_000 + offset * 86_400_000).toISOString().slice(0, 10);

/** Runs `work` for indexes 0 … count − 1, CONCURRENCY at a time. */
export async function inParallel(count: number, work: (index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await work(next++);
    }),
  );
}

export async function startDrillSystem(tableName: string) {
  const dynamo = await startDynamoDbLocal();
  const system = await startLocalSystem({ port: 0, inMemory: true, seed: false, dynamoEndpoint: dynamo.endpoint, tableName });
  const client = localClient(dynamo.endpoint);
  const stop = async () => {
    client.destroy();
    await system.stop();
    await dynamo.stop();
  };
  const ops = await system.devToken('ops').catch(async (error) => {
    await stop();
    throw error;
  });
  /** The API as ops calls it: the status and the JSON body. */
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${system.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${ops}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };
  return { dynamo, system, client, call, stop };
}
