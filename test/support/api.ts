// Test harness: the local system (same gateway, route table and handlers as `npm start`) on the
// shared DynamoDB Local, in a table of the test file's own.
import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { localClient } from '../../scripts/local/dynamodb-local';
import { startLocalSystem, type LocalSystem } from '../../scripts/local/system';

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface TestApi {
  system: LocalSystem;
  call<T = any>(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> },
  ): Promise<Reply<T>>;
  /** Every item in the table, in a stable order, to prove that a refused request wrote nothing. */
  snapshot(): Promise<string>;
  opsToken: string;
  villageToken(villageId: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * The local system on a table of its own. The table's stream feeds the demand aggregator only when asked
 * for: it writes in the background, from the changes of earlier requests, which would show in the table
 * snapshots and request counts of tests that are not about it.
 */
export async function startTestApi(options: { streams?: boolean } = {}): Promise<TestApi> {
  const system = await startLocalSystem({
    port: 0,
    inMemory: true,
    seed: false,
    streams: options.streams ?? false,
    dynamoEndpoint: inject('dynamoEndpoint'),
    tableName: `test-${randomUUID()}`,
    // Log files are written when a test flushes them, never behind its back.
    cdnLogIntervalMs: 24 * 3600_000,
  });
  const client = localClient(system.dynamoEndpoint);
  return {
    system,
    opsToken: await system.devToken('ops'),
    villageToken: (villageId) => system.devToken('village', villageId),
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      let body: string | undefined = options.raw;
      if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json';
      }
      const response = await fetch(`${system.url}${path}`, { method, headers, body });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, body: parsed as any, headers: response.headers };
    },
    async snapshot() {
      // The weekly figures follow writes through the stream: the table is compared once they have.
      await system.settled();
      const items: string[] = [];
      let ExclusiveStartKey: Record<string, any> | undefined;
      do {
        const page = await client.send(new ScanCommand({ TableName: system.tableName, ExclusiveStartKey, ConsistentRead: true }));
        // Keys sorted at every level: a replacer array would keep only top-level names and drop every value.
        for (const item of page.Items ?? [])
          items.push(
            JSON.stringify(item, (_, v) =>
              v && typeof v === 'object' && !Array.isArray(v)
                ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
                : v,
            ),
          );
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return items.sort().join('\n');
    },
    async stop() {
      client.destroy();
      await system.stop();
    },
  };
}

/** Dates relative to today in China, as the API reads harvest dates. */
export function chinaDay(offsetDays = 0): string {
  return new Date(Date.now() + 8 * 3600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

export const sampleVillage = (name = 'Test') => ({
  name: { zh: `${name}村`, en: `${name} Village` },
  province: 'Zhejiang',
  county: 'Anji',
});

export const sampleCrop = {
  name: { zh: '草莓', en: 'Strawberry' },
  recipes: [
    {
      title: { zh: '草莓酱', en: 'Strawberry jam' },
      minutes: 30,
      ingredients: { zh: ['草莓'], en: ['strawberries'] },
      steps: { zh: ['煮。'], en: ['Boil.'] },
    },
  ],
};

/** Creates a crop, a village and an agreement through the API; returns their ids. */
export async function setupAgreement(api: TestApi, overrides: Record<string, unknown> = {}) {
  await api.call('PUT', '/api/v1/crops/strawberry', { token: api.opsToken, body: sampleCrop });
  const village = await api.call('POST', '/api/v1/villages', { token: api.opsToken, body: sampleVillage() });
  const agreement = await api.call('POST', '/api/v1/agreements', {
    token: api.opsToken,
    body: {
      villageId: village.body.villageId,
      crop: 'strawberry',
      committedKg: 1000,
      tolerancePct: 0,
      prices: [{ grade: 'A', fenPerKg: 1234 }],
      deliveryWindow: { from: chinaDay(-10), to: chinaDay(10) },
      ...overrides,
    },
  });
  if (agreement.status !== 201) throw new Error(`setup failed: ${JSON.stringify(agreement.body)}`);
  return { villageId: village.body.villageId as string, agreementId: agreement.body.agreementId as string };
}

/** Records `count` lots of 1 kg on the agreement through the API, harvested over the last five days. */
export async function recordLots(api: TestApi, agreementId: string, count: number) {
  for (let i = 0; i < count; i++) {
    const reply = await api.call('POST', `/api/v1/agreements/${agreementId}/lots`, {
      token: api.opsToken,
      body: { clientLotId: `w-${i}`, grade: 'A', quantityKg: 1, harvestedOn: chinaDay(-1 - (i % 5)) },
    });
    if (reply.status !== 201) throw new Error(`intake failed: ${JSON.stringify(reply.body)}`);
  }
}
