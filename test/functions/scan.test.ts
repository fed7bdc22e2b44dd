// The scan function with the SDK faked: its route, its input checks (which send nothing), its counters,
// its conditional replies, and its storage faults with what it logs of them. It is the one function
// without the common dispatcher, so everything the dispatcher would give it is checked here.
import { DynamoDBClient, GetItemCommand, ProvisionedThroughputExceededException, ThrottlingException } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { newLotCode } from '../../shared/codes';
import { routeKey, routeList, routes } from '../../shared/routes';
import { MAX_BODY_BYTES } from '../../functions/commons/http';
import { apiEvent } from '../support/events';

// The class, so the function's one client is faked whichever instance it is.
const ddb = mockClient(DynamoDBClient);
let scan: typeof import('../../functions/scan');

beforeAll(async () => {
  Object.assign(process.env, {
    TABLE_NAME: 't',
    PUBLIC_BASE_URL: 'https://scan.example.cn',
    AWS_REGION: 'cn-north-1',
    POWERTOOLS_METRICS_DISABLED: 'false',
  });
  scan = await import('../../functions/scan');
});
afterEach(() => {
  ddb.reset();
  vi.restoreAllMocks();
});

const lotCode = newLotCode();
const record = {
  lotCode,
  harvestedOn: '2026-01-01',
  journey: {},
  updatedAt: '2026-01-01T00:00:00.000Z',
  recipes: [],
  product: { crop: 'kiwi', name: { zh: '猕猴桃', en: 'Kiwi' } },
  village: { name: { zh: '村', en: 'Village' }, province: 'Shaanxi', county: 'Zhouzhi' },
};
const stored = marshall({ pk: `SCAN#${lotCode}`, sk: '#SCAN', entity: 'scan', ...record });

type Request = Parameters<typeof apiEvent>[1];

/**
 * Calls the handler and collects what it wrote: embedded metric documents (stdout, nothing else may go
 * there) and its console.error calls, which Lambda's JSON log format writes as one structured line each.
 */
async function call(request: Partial<Request> = {}, mutate: (event: ReturnType<typeof apiEvent>) => void = () => {}) {
  const lines: string[] = [];
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: unknown) => {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      return true;
    });
  }
  const logError = vi.spyOn(console, 'error').mockImplementation(() => {});
  const event = apiEvent(routes.scanLot, { params: { lotCode }, ...request });
  mutate(event);
  const reply = await scan.handler(event);
  // Counters are written in the check phase just after the reply; they must be there by then.
  await new Promise((resolve) => setImmediate(resolve));
  const logs = logError.mock.calls.map((args) => [...args]);
  vi.restoreAllMocks();
  const documents = lines.map((line) => JSON.parse(line));
  return {
    reply,
    body: reply.body ? JSON.parse(reply.body) : undefined,
    metrics: documents
      .filter((d) => d._aws)
      .flatMap((d) =>
        d._aws.CloudWatchMetrics.flatMap((m: { Namespace: string; Metrics: { Name: string }[] }) =>
          m.Metrics.map((x) => `${m.Namespace}/${x.Name}`),
        ),
      ),
    logs,
    reads: ddb.commandCalls(GetItemCommand).length,
  };
}

describe('the scan function', () => {
  it('serves exactly the route table’s scan route, which is its group’s only route', () => {
    expect(scan.SCAN_ROUTE_KEY).toBe(routeKey(routes.scanLot));
    expect(routeList.filter((r) => r.group === 'scan').map((r) => r.operationId)).toEqual(['scanLot']);
  });

  it('answers a stored lot with its public view, an ETag and the CDN cache policy, counted as ScanServed', async () => {
    ddb.on(GetItemCommand, { TableName: 't', Key: { pk: { S: `SCAN#${lotCode}` }, sk: { S: '#SCAN' } } }).resolves({ Item: stored });
    const { reply, body, metrics, reads, logs } = await call();
    expect(reply.statusCode).toBe(200);
    expect(reply.headers).toMatchObject({ 'cache-control': scan.SCAN_CACHE, etag: expect.stringMatching(/^"[\w-]{27}"$/) });
    expect(body).toMatchObject({ lotCode, product: { crop: 'kiwi' }, journey: [{ step: 'harvested', at: '2026-01-01' }] });
    expect(body).not.toHaveProperty('pk');
    expect(body).not.toHaveProperty('entity');
    expect(metrics).toEqual(['VillageDirect/ScanServed']);
    expect(reads).toBe(1);
    expect(logs).toEqual([]);
  });

  it('answers 304 with no body to a matching If-None-Match, weak or in a list', async () => {
    ddb.on(GetItemCommand).resolves({ Item: stored });
    const { reply } = await call();
    const etag = reply.headers.etag!;
    for (const header of [etag, `W/${etag}`, `"other", ${etag}`]) {
      const revalidated = await call({ headers: { 'if-none-match': header } });
      expect(revalidated.reply).toMatchObject({ statusCode: 304, body: '' });
      expect(revalidated.reply.headers.etag).toBe(etag);
    }
    expect((await call({ headers: { 'if-none-match': '"other"' } })).reply.statusCode).toBe(200);
  });

  it('answers an unknown code 404 with a short cache, counted as ScanNotFound, and logs nothing', async () => {
    ddb.on(GetItemCommand).resolves({});
    const { reply, body, metrics, logs } = await call();
    expect(reply.statusCode).toBe(404);
    expect(reply.headers['cache-control']).toBe(scan.NOT_FOUND_CACHE);
    expect(body).toEqual({ error: { code: 'not_found', message: 'No lot has this code' } });
    expect(metrics).toEqual(['VillageDirect/ScanNotFound']);
    expect(logs).toEqual([]);
  });

  it.each([
    ['a malformed code', 'NOT-A-LOT-CODE', 'expected an 18-character lot code'],
    [
      'a mistyped check character',
      `${lotCode.slice(0, -1)}${lotCode.endsWith('0') ? '1' : '0'}`,
      'lot code check character does not match',
    ],
  ])('refuses %s with 400 and the field, before any read, and logs nothing', async (_, code, message) => {
    const { reply, body, reads, metrics, logs } = await call({ params: { lotCode: code } });
    expect(reply.statusCode).toBe(400);
    expect(body).toEqual({
      error: { code: 'invalid_request', message: 'The request is not valid', details: [{ path: 'path.lotCode', message }] },
    });
    expect(reads).toBe(0);
    expect(metrics).toEqual([]);
    expect(logs).toEqual([]);
  });

  it('refuses a body over the common limit with 413 before any read, as every route does', async () => {
    const { reply, body, reads, logs } = await call({ body: 'x'.repeat(MAX_BODY_BYTES + 1) });
    expect(reply.statusCode).toBe(413);
    expect(body.error.code).toBe('payload_too_large');
    expect(reads).toBe(0);
    expect(logs).toEqual([]);
    expect((await call({ body: 'x'.repeat(MAX_BODY_BYTES) }, () => ddb.on(GetItemCommand).resolves({}))).reply.statusCode).toBe(404);
  });

  it('counts a base64-encoded body by its decoded bytes, as every route does', async () => {
    const encode = (bytes: number) => (event: ReturnType<typeof apiEvent>) => {
      event.body = Buffer.alloc(bytes, 1).toString('base64');
      event.isBase64Encoded = true;
    };
    ddb.on(GetItemCommand).resolves({});
    expect((await call({}, encode(MAX_BODY_BYTES + 1))).reply.statusCode).toBe(413);
    expect((await call({}, encode(MAX_BODY_BYTES))).reply.statusCode).toBe(404);
  });

  it('copes with events that carry no headers, and refuses one without its path parameter', async () => {
    ddb.on(GetItemCommand).resolves({ Item: stored });
    expect((await call({}, (event) => void delete (event as { headers?: unknown }).headers)).reply.statusCode).toBe(200);
    ddb.resetHistory();
    const missing = await call({}, (event) => void delete event.pathParameters);
    expect(missing.reply.statusCode).toBe(400);
    expect(missing.body.error.details).toEqual([{ path: 'path.lotCode', message: 'expected an 18-character lot code' }]);
    expect(missing.reads).toBe(0);
  });

  it('answers 404 to a route key that is not its own, and logs nothing', async () => {
    const { reply, reads, logs } = await call({}, (event) => {
      event.routeKey = 'GET /api/v1/scan';
    });
    expect(reply.statusCode).toBe(404);
    expect(reads).toBe(0);
    expect(logs).toEqual([]);
  });

  it.each([
    ['throttling', new ThrottlingException({ message: 'Rate exceeded', $metadata: {} })],
    ['exceeded throughput', new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} })],
  ])('answers %s with 503 and Retry-After, and logs one error line with the API request id and the cause', async (_, fault) => {
    ddb.on(GetItemCommand).rejects(fault);
    const { reply, body, logs, metrics } = await call();
    expect(reply.statusCode).toBe(503);
    expect(reply.headers['retry-after']).toBe('1');
    expect(body.error.code).toBe('service_unavailable');
    expect(metrics).toEqual([]);
    expect(logs).toEqual([
      [
        'request failed, API request %s',
        'r',
        expect.objectContaining({ name: 'ServiceUnavailable', cause: expect.objectContaining({ name: fault.name }) }),
      ],
    ]);
    // An Error, so that Lambda's JSON log line carries its type, message and stack.
    expect(logs[0]![2]).toBeInstanceOf(Error);
  });

  it('answers an unexpected fault with a generic 500 that leaks nothing, and logs the fault', async () => {
    ddb.on(GetItemCommand).rejects(new Error('socket hang up at 10.0.0.7: table t'));
    const { reply, body, logs } = await call();
    expect(reply.statusCode).toBe(500);
    expect(reply.body).not.toMatch(/socket|10\.0\.0\.7/);
    expect(body.error.code).toBe('internal_error');
    expect(logs).toEqual([
      ['request failed, API request %s', 'r', expect.objectContaining({ message: 'socket hang up at 10.0.0.7: table t' })],
    ]);
    expect(logs[0]![2]).toBeInstanceOf(Error);
  });
});
