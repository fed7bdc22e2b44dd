// The local table at start: created from the shared definition, or checked against it; seeded with the
// demo when empty; and the jobs it shows running sent to the local queue again.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateTableCommand, DescribeTableCommand, ScanCommand, UpdateTableCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { chinaDate } from '../../shared/dates';
import { createTableInput, tableDefinition } from '../../shared/table/definition';
import { dynamoDbRepositories } from '../../shared/table/repositories';
import { localClient } from './dynamodb-local';
import type { LocalJobQueue } from './jobs';
import { seedSalesHistory } from './sales-history';
import { type DemoManifest, seedDemo } from './seed';

/** The table's stream ARN, once the table exists with every index of the definition. */
export async function ensureTable(endpoint: string, tableName: string): Promise<string> {
  const client = localClient(endpoint);
  try {
    let existing: Set<string>;
    let streamArn: string | undefined;
    try {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
      existing = new Set((Table?.GlobalSecondaryIndexes ?? []).map((gsi) => gsi.IndexName as string));
      streamArn = Table?.StreamSpecification?.StreamEnabled ? Table.LatestStreamArn : undefined;
    } catch {
      const { TableDescription } = await client.send(new CreateTableCommand(createTableInput(tableName)));
      await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: tableName });
      return TableDescription?.LatestStreamArn as string;
    }
    const missing = tableDefinition.globalSecondaryIndexes.filter((gsi) => !existing.has(gsi.indexName)).map((gsi) => gsi.indexName);
    if (missing.length > 0) {
      throw new Error(
        `The local table "${tableName}" was created by an earlier version and lacks the indexes ${missing.join(', ')}, ` +
          'which its items would need keys for. Delete .local-data/ (the demo data is seeded again) and start again.',
      );
    }
    // A table persisted before the stream existed gets it now, as a deploy enables it on the AWS table;
    // changes made before this start are not in it, so their demand figures are not counted.
    if (!streamArn) {
      const { StreamSpecification } = createTableInput(tableName);
      const { TableDescription } = await client.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification }));
      streamArn = TableDescription?.LatestStreamArn;
    }
    return streamArn as string;
  } finally {
    client.destroy();
  }
}

export async function seedIfEmpty(endpoint: string, tableName: string, url: string, dataDir?: string) {
  const manifestFile = dataDir && join(dataDir, 'demo.json');
  const client = localClient(endpoint);
  try {
    const { Count } = await client.send(new ScanCommand({ TableName: tableName, Limit: 1, Select: 'COUNT' }));
    if (Count) {
      return manifestFile && existsSync(manifestFile) ? (JSON.parse(readFileSync(manifestFile, 'utf8')) as DemoManifest) : undefined;
    }
    const demo = await seedDemo({ ...dynamoDbRepositories(client, tableName), now: () => new Date(), publicBaseUrl: url });
    if (manifestFile) writeFileSync(manifestFile, JSON.stringify(demo, null, 2));
    return demo;
  } finally {
    client.destroy();
  }
}

/** Two years of the demo stores' daily sales (stores that no longer exist get none); the days stored. */
export async function seedHistory(endpoint: string, tableName: string, signal: AbortSignal): Promise<number> {
  const client = localClient(endpoint);
  try {
    return await seedSalesHistory(dynamoDbRepositories(client, tableName), chinaDate(new Date()), { signal });
  } finally {
    client.destroy();
  }
}

/** Sends every recall and export still running to the queue again: the local queue keeps nothing across restarts. */
export async function resendRunningJobs(endpoint: string, tableName: string, jobs: LocalJobQueue): Promise<void> {
  const client = localClient(endpoint);
  try {
    const { recalls, exports } = dynamoDbRepositories(client, tableName);
    let cursor: string | undefined;
    do {
      const page = await recalls.list(100, cursor);
      for (const recall of page.items) if (recall.status === 'running') await jobs.send('recall', recall.recallId);
      cursor = page.nextCursor;
    } while (cursor);
    do {
      const page = await exports.list(100, cursor);
      for (const job of page.items) if (job.status === 'running') await jobs.send('export', job.exportId);
      cursor = page.nextCursor;
    } while (cursor);
  } finally {
    client.destroy();
  }
}
