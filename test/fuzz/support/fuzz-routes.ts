// Property-based fuzzing of every route of one function group, through the local HTTP server, to the real
// handlers on DynamoDB Local. `FUZZ_SEED` replays a run; `FUZZ_RUNS` sets the cases per route.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as fc from 'fast-check';
import { afterAll, beforeAll, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../../functions/commons/http';
import { localClient } from '../../../scripts/local/dynamodb-local';
import { schemasOf } from '../../../shared/contract';
import { ErrorBody } from '../../../shared/fields';
import { parameterNames, routeList, type FunctionGroup, type OperationId, type Route } from '../../../shared/routes';
import { startTestApi, type Reply, type TestApi } from '../../support/api';
import { diffTables, documentedErrorCodes, isEmptyDiff, readTable, type Table } from './observe';
import { materialize, sizedBody } from './materialize';
import { requestPlan, type Materialized, type RequestPlan } from './requests';
import { createWorld, type World } from './world';

const DEFAULT_SEED = 20_261_128;
const DEFAULT_RUNS = 40;

function positiveInteger(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < (name === 'FUZZ_SEED' ? Number.MIN_SAFE_INTEGER : 1)) {
    throw new Error(`${name} must be an integer, got ${JSON.stringify(text)}`);
  }
  return value;
}

export const FUZZ = { seed: positiveInteger('FUZZ_SEED', DEFAULT_SEED), runs: positiveInteger('FUZZ_RUNS', DEFAULT_RUNS) };

type FuzzRoute = Route & { operationId: OperationId };

const DOCUMENTED = documentedErrorCodes();
const routePattern = (route: Route) => new RegExp(`^${route.path.replace(/\{\w+\}/g, '[^/]+')}$`);

interface Observation {
  readonly route: FuzzRoute;
  readonly request: Materialized;
  readonly reply: Reply;
  /** DynamoDB commands the handlers sent while answering. */
  readonly commands: readonly string[];
  readonly before: Table;
  /** Read after every refusal, and after a store's 2xx. */
  readonly after?: Table;
}

/** The item every signed delivery a store route answers 2xx is kept as. */
const DELIVERY_ENTITY: Partial<Record<OperationId, string>> = { receiveReceipt: 'receipt', receiveSales: 'salesDelivery' };

const bodyBytes = (request: Materialized) => (request.body === undefined ? 0 : Buffer.byteLength(request.body));
const details = (reply: Reply): { path?: unknown; message?: unknown }[] | undefined =>
  Array.isArray(reply.body?.error?.details) ? reply.body.error.details : undefined;
/** A 400 naming only path parameters: documented to come before any database read. */
const isPathRefusal = (reply: Reply) =>
  reply.status === 400 && (details(reply)?.length ?? 0) > 0 && details(reply)!.every((d) => String(d.path).startsWith('path.'));

/** Everything a refused or accepted request must satisfy; returns the broken rules. */
function violations({ route, request, reply, commands, before, after }: Observation): string[] {
  const problems: string[] = [];
  const { status, body } = reply;
  const reachedRoute = routePattern(route).test(new URL(request.url, 'http://fuzz').pathname);
  const json = /^application\/json\b/.test(reply.headers.get('content-type') ?? '');

  if (status >= 500) problems.push(`answered ${status} to bad input`);

  if (status >= 400 && status < 500) {
    const shaped = ErrorBody.safeParse(body);
    if (!json) problems.push(`4xx without a JSON content type (${reply.headers.get('content-type')})`);
    if (!shaped.success) problems.push('4xx body is not {"error":{"code","message","details?"}}');
    else if (!DOCUMENTED.get(status)?.has(shaped.data.error.code)) {
      problems.push(`code ${JSON.stringify(shaped.data.error.code)} is not documented for ${status} in docs/api.md`);
    }
    if (status === 400) {
      const list = details(reply);
      if (!list?.length || !list.every((d) => typeof d.path === 'string' && typeof d.message === 'string')) {
        problems.push('400 without field details [{path, message}, …]');
      }
    }
  }

  if (status === 413 && commands.length > 0) problems.push(`sent ${commands.join(', ')} before refusing an oversized body`);
  if (isPathRefusal(reply) && commands.length > 0) problems.push(`sent ${commands.join(', ')} before refusing a malformed path`);
  if (reachedRoute && route.method !== 'GET' && bodyBytes(request) > MAX_BODY_BYTES) {
    const refusedFirst = status === 401 || status === 403 || isPathRefusal(reply);
    if (status !== 413 && !refusedFirst)
      problems.push(`a ${bodyBytes(request)}-byte body over the ${MAX_BODY_BYTES}-byte limit got ${status}, not 413`);
    if (commands.length > 0) problems.push(`a body over the limit reached DynamoDB (${commands.join(', ')})`);
  }

  const { response } = schemasOf(route.operationId);
  if (reachedRoute && status >= 200 && status < 300 && json && response) {
    const parsed = response.safeParse(body);
    if (!parsed.success) problems.push(`2xx body does not match the documented schema: ${parsed.error.message.slice(0, 400)}`);
  }

  const webhook = request.webhook;
  if (webhook && reachedRoute && !isPathRefusal(reply)) {
    if (!webhook.validlySigned && ![401, 413].includes(status)) problems.push(`a request not validly signed got ${status}, not 401`);
    if (webhook.validlySigned && status === 401) problems.push('a validly signed request got 401');
  }

  if (status >= 400 && status < 500 && after) {
    const diff = diffTables(before, after);
    // Documented exception: a validly signed receipt that fails the schema is kept for ops, once, and answered 400.
    // (Sales that fail it are refused and write nothing.)
    const keptReceipt =
      route.operationId === 'receiveReceipt' && webhook?.validlySigned && reachedRoute && status === 400 && !isPathRefusal(reply);
    const storedBefore = [...before.values()].some(
      ({ item }) => item.entity === 'receipt' && item.storeId === webhook?.storeId && item.webhookId === webhook?.id,
    );
    if (keptReceipt && !storedBefore) {
      const [kept] = diff.added;
      const exactlyOne = diff.added.length === 1 && diff.removed.length === 0 && diff.changed.length === 0;
      if (
        !exactlyOne ||
        kept?.entity !== 'receipt' ||
        kept.webhookId !== webhook.id ||
        kept.storeId !== webhook.storeId ||
        kept.reason !== 'invalid_payload'
      ) {
        problems.push(`a signed invalid receipt must be kept as exactly one invalid_payload exception; table diff: ${describeDiff(diff)}`);
      }
    } else if (!isEmptyDiff(diff)) {
      problems.push(`refused with ${status} but wrote to the table: ${describeDiff(diff)}`);
    }
  }
  if (webhook?.validlySigned && status >= 200 && status < 300 && after) {
    const entity = DELIVERY_ENTITY[route.operationId];
    const stored = [...after.values()].some(
      ({ item }) => item.entity === entity && item.storeId === webhook.storeId && item.webhookId === webhook.id,
    );
    if (!stored) problems.push(`answered ${status} to a signed delivery that is not stored as a ${entity}`);
  }
  return problems;
}

function describeDiff(diff: ReturnType<typeof diffTables>): string {
  const added = diff.added.map((item) => `${item.pk}|${item.sk}`);
  return JSON.stringify({ added, removed: diff.removed, changed: diff.changed });
}

const clip = (text: string | undefined, max = 600) =>
  text === undefined
    ? '(none)'
    : text.length > max
      ? `${text.slice(0, max)}… (${text.length} chars, ${Buffer.byteLength(text)} bytes)`
      : text;

function report(observation: Observation, problems: string[]): Error {
  const { request, reply } = observation;
  const headers = Object.fromEntries(
    Object.entries(request.headers).map(([k, v]) => [k, k === 'authorization' ? `${v.slice(0, 16)}…` : clip(v, 120)]),
  );
  return new Error(
    [
      `${observation.route.operationId}: ${problems.join('; ')}`,
      `request: ${request.method} ${clip(request.url, 300)}`,
      `headers: ${JSON.stringify(headers)}`,
      `body: ${clip(request.body)}`,
      `answer: ${reply.status} ${clip(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body))}`,
      `DynamoDB requests: ${observation.commands.join(', ') || 'none'}`,
      `replay: FUZZ_SEED=${FUZZ.seed} FUZZ_RUNS=${FUZZ.runs} npx vitest run test/fuzz/${observation.route.group}.test.ts`,
    ].join('\n'),
  );
}

/** Registers the fuzz tests of every route of `group` in the calling test file. */
export function fuzzRoutesOf(group: FunctionGroup): void {
  const fuzzed = routeList.filter((route) => route.group === group) as FuzzRoute[];
  let api: TestApi;
  let world: World;
  let client: DynamoDBClient;
  const sent: string[] = [];
  /** The table as last read, while nothing has written since (refusals write nothing, or fail the run). */
  let known: Table | undefined;
  const tally = new Map<OperationId, Map<string, number>>();

  beforeAll(async () => {
    api = await startTestApi();
    // The handlers' own DynamoDB client (the module instance the local system loaded, which the
    // document client wraps and shares middleware with): count what it sends.
    const { dynamoDb } = await import('../../../functions/commons/dynamodb');
    dynamoDb.middlewareStack.add(
      (next, context) => async (args) => {
        sent.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize', name: 'fuzzCountRequests' },
    );
    client = localClient(api.system.dynamoEndpoint);
    world = await createWorld(api);
    console.log(`fuzz ${group}: seed ${FUZZ.seed}, ${FUZZ.runs} cases per route (replay with FUZZ_SEED=${FUZZ.seed})`);
  });
  afterAll(async () => {
    const lines = [...tally].map(([operationId, statuses]) => {
      const total = [...statuses.values()].reduce((sum, n) => sum + n, 0);
      const spread = [...statuses]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([s, n]) => `${s}×${n}`)
        .join(' ');
      return `  ${operationId.padEnd(22)} ${String(total).padStart(5)} cases  ${spread}`;
    });
    if (lines.length) console.log(`fuzz ${group} (seed ${FUZZ.seed}):\n${lines.join('\n')}`);
    client?.destroy();
    await api?.stop();
  });

  async function exercise(route: FuzzRoute, request: Materialized): Promise<Reply> {
    // What earlier cases wrote is added to the weekly figures through the stream before the table is read.
    if (!known) await api.system.settled();
    const before = known ?? (await readTable(client, api.system.tableName));
    sent.length = 0;
    let reply: Reply;
    try {
      reply = await api.call(request.method, request.url, { raw: request.body, headers: request.headers });
    } catch (error) {
      reply = { status: 0, body: String(error), headers: new Headers() };
    }
    const commands = [...sent];
    // A recall the case started runs in the background, and the stream adds what it wrote to the figures: let
    // both finish before the table is compared.
    await api.system.jobs.idle();
    await api.system.settled();
    const counts = tally.get(route.operationId) ?? new Map<string, number>();
    counts.set(String(reply.status), (counts.get(String(reply.status)) ?? 0) + 1);
    tally.set(route.operationId, counts);

    const refused = reply.status >= 400;
    const after = refused || request.webhook ? await readTable(client, api.system.tableName) : undefined;
    known = after;
    world.learn(route.operationId, reply);
    const problems = reply.status === 0 ? ['no HTTP answer'] : violations({ route, request, reply, commands, before, after });
    if (problems.length) throw report({ route, request, reply, commands, before, after }, problems);
    return reply;
  }

  const settings = { seed: FUZZ.seed, numRuns: FUZZ.runs, endOnFailure: true };
  const timeout = 60_000 + FUZZ.runs * 1_500;

  for (const route of fuzzed) {
    const name = `${route.operationId} (${route.method} ${route.path})`;

    it(
      `${name} never answers 5xx to random, boundary or hostile requests, refuses in the documented shape and writes nothing when it refuses`,
      async () => {
        await fc.assert(
          fc.asyncProperty(requestPlan(route), async (plan) => {
            await exercise(route, await materialize(route, plan, world, api.opsToken));
          }),
          settings,
        );
      },
      timeout,
    );

    if (route.method === 'GET') continue;
    it(
      `${name} refuses a body over ${MAX_BODY_BYTES} bytes with 413 before any DynamoDB request, and takes one at the limit`,
      async () => {
        // Valid path, credentials and signature, so the size is the only thing wrong.
        const plan: RequestPlan = {
          params: Object.fromEntries(parameterNames(route.path).map((param) => [param, { kind: 'known', index: 0 }])),
          query: [],
          credentials: 'ops',
          contentType: 'application/json',
          headers: {},
          signing: 'valid',
          webhookId: 'fresh',
          body: { kind: 'none' },
        };
        const size = fc.record({
          // Past the local gateway's own 1 MiB cap too (API Gateway's is 10 MB), which refuses without calling the function.
          bytes: fc.oneof(
            fc.integer({ min: MAX_BODY_BYTES + 1, max: 2_500_000 }),
            fc.integer({ min: MAX_BODY_BYTES - 64, max: MAX_BODY_BYTES }),
          ),
          fill: fc.constantFrom('x' as const, '字' as const, '🍓' as const),
        });
        await fc.assert(
          fc.asyncProperty(size, async ({ bytes, fill }) => {
            const request = await materialize(route, plan, world, api.opsToken, sizedBody(bytes, fill));
            const { status } = await exercise(route, request);
            const over = bytes > MAX_BODY_BYTES;
            if (over !== (status === 413)) {
              throw new Error(
                `${route.operationId}: a ${bytes}-byte body (${fill}) got ${status}; expected ${over ? '413' : 'anything but 413'}`,
              );
            }
          }),
          {
            ...settings,
            numRuns: Math.max(6, Math.ceil(FUZZ.runs / 5)),
            examples: [
              [{ bytes: MAX_BODY_BYTES, fill: 'x' }],
              [{ bytes: MAX_BODY_BYTES + 1, fill: 'x' }],
              [{ bytes: MAX_BODY_BYTES + 1, fill: '字' }],
              [{ bytes: 8_000_000, fill: 'x' }],
            ],
          },
        );
      },
      timeout,
    );
  }
}
