// Request plans for one route of the route table: path parameters, query string, headers, credentials and
// body, each random, boundary or hostile, with valid values mixed in so handlers are reached past validation.
// A plan is symbolic (records are referred to by index); `materialize` turns it into bytes at send time.
import * as fc from 'fast-check';
import { schemasOf } from '../../../shared/contract';
import { parameterNames, type OperationId, type Route } from '../../../shared/routes';
import { bodyPlan, validBodyOf } from './bodies';
import { validQueries } from './queries';
import { CROCKFORD, type IdKind, idKind, type Ref, type Value, wellFormed } from './values';

export type ParamPlan =
  | { readonly kind: 'known'; readonly index: number }
  | { readonly kind: 'typo'; readonly index: number; readonly at: number; readonly char: string }
  | { readonly kind: 'text'; readonly value: string }
  /** Inserted into the path without encoding: broken percent-escapes and the like. */
  | { readonly kind: 'raw'; readonly value: string };

export type QueryPlan = readonly (readonly [string, string | { readonly cursor: number } | Ref])[];

export type Credentials = 'ops' | 'own' | 'other' | 'none' | 'garbage' | 'tampered' | 'basic' | 'lowercase-scheme';

/** How a store request is signed; `valid` signs the sent bytes with the path store's current secret. */
export type Signing =
  | 'valid'
  | 'other-store'
  | 'garbage'
  | 'stale'
  | 'future'
  | 'tampered-body'
  | 'two-signatures'
  | 'missing-id'
  | 'missing-timestamp'
  | 'missing-signature'
  | 'long-id';

export type BodyPlan =
  | { readonly kind: 'none' }
  | { readonly kind: 'json'; readonly value: Value }
  | { readonly kind: 'text'; readonly text: string };

export interface RequestPlan {
  readonly params: Readonly<Record<string, ParamPlan>>;
  readonly query: QueryPlan;
  readonly credentials: Credentials;
  readonly contentType: string | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly signing: Signing;
  /** Replay the n-th webhook id already sent, or send a fresh one. */
  readonly webhookId: { readonly reuse: number } | 'fresh';
  readonly body: BodyPlan;
}

export interface Materialized {
  readonly method: string;
  /** Path and query, encoded. */
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
  /** Set on store routes: the webhook id sent and whether the signature is the store's own over the sent bytes. */
  readonly webhook?: { readonly storeId: string; readonly id: string; readonly validlySigned: boolean };
}

// ---- path parameters -------------------------------------------------------------------------------

const RAW_SEGMENTS = ['%', '%zz', '%E0%A4%A', '%C0%AF', '%00', '%2F', '%252F', '%ff%fe', '%uD800', '%', 'a%2Fb', '%2e%2e'];

const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary-ascii', maxLength: 30 }),
  fc.constantFrom(
    '',
    ' ',
    '.',
    '..',
    '/',
    '\\',
    'null',
    'undefined',
    '0',
    '-1',
    '1e309',
    'NaN',
    '#',
    '?',
    '*',
    '%',
    'vil_',
    'agr_',
    'VIL_0000000000000000',
    'agr_0000000000000000 ',
    ' strawberry',
    'STRAWBERRY',
    'a',
    '-a',
    'a_b',
    "' OR '1'='1",
    '<script>',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a hostile input, not a template
    '${jndi:ldap://x}',
    'LOT#X',
    '🍓',
    '草莓',
  ),
  fc.integer({ min: 17, max: 4000 }).map((n) => 'A'.repeat(n)),
);

function paramPlan(kind: IdKind | undefined): fc.Arbitrary<ParamPlan> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.nat().map((index) => ({ kind: 'known' as const, index })) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('typo' as const),
        index: fc.nat(),
        at: fc.nat(),
        char: fc.constantFrom(...CROCKFORD, 'I', 'L', 'O', 'U', 'a', '-'),
      }),
    },
    { weight: 2, arbitrary: (kind ? wellFormed[kind] : fc.string()).map((value) => ({ kind: 'text' as const, value })) },
    { weight: 2, arbitrary: hostileSegment.map((value) => ({ kind: 'text' as const, value })) },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_SEGMENTS).map((value) => ({ kind: 'raw' as const, value })) },
  );
}

// ---- query, headers, credentials ------------------------------------------------------------------

const queryValue = fc.oneof(
  fc.constantFrom(
    '1',
    '20',
    '100',
    '0',
    '101',
    '-0',
    '-1',
    '1e309',
    '1e2',
    'NaN',
    'Infinity',
    '1.5',
    ' 5',
    '0x10',
    '',
    '٣',
    '9007199254740993',
    'true',
    '[]',
  ),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.base64String({ maxLength: 300 }),
  fc.integer({ min: 1025, max: 4000 }).map((n) => 'c'.repeat(n)),
);

/** The names a route's query schema knows, besides the page size and cursor every list takes. */
const queryNamesOf = (operationId: OperationId): string[] => {
  const schema = schemasOf(operationId).query as { shape?: Record<string, unknown> } | undefined;
  return Object.keys(schema?.shape ?? {});
};

const queryPlan = (route: { operationId: OperationId }): fc.Arbitrary<QueryPlan> => {
  const names = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('limit', 'cursor', ...queryNamesOf(route.operationId)) },
    { weight: 1, arbitrary: fc.constantFrom('LIMIT', 'limit[]', '__proto__', 'constructor', 'offset', '') },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 10 }) },
  );
  const entry = fc.oneof(
    { weight: 4, arbitrary: fc.tuple(names, queryValue) },
    { weight: 1, arbitrary: fc.nat().map((cursor) => ['cursor', { cursor }] as const) },
  );
  const entries = fc.array(entry, { maxLength: 4 });
  return schemasOf(route.operationId).query
    ? entries
    : fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: entries });
};

const printable = fc.string({ unit: fc.constantFrom(...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i))), maxLength: 60 });

const extraHeaders: fc.Arbitrary<Record<string, string>> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({}) },
  {
    weight: 2,
    arbitrary: fc.dictionary(
      fc.oneof(
        fc.constantFrom(
          'if-none-match',
          'accept',
          'accept-language',
          'x-forwarded-for',
          'origin',
          'content-encoding',
          'x-amzn-trace-id',
          'cookie',
        ),
        fc.stringMatching(/^x-fuzz-[a-z0-9-]{1,12}$/),
      ),
      fc.oneof(printable, fc.constantFrom('*', 'W/"x"', '"x", W/"y"', 'gzip', 'br', 'zh-CN,zh;q=0.9', '../../', 'x'.repeat(4000))),
      { maxKeys: 3 },
    ),
  },
);

const contentType = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      'application/merge-patch+json',
      'application/vnd.api+json',
      'text/plain',
      'text/json',
      'application/x-www-form-urlencoded',
      'application/octet-stream',
      'multipart/form-data; boundary=x',
      'application/jsonp',
      'json',
      ' application/json',
      'application/json;;;',
      'image/png',
    ),
  },
  { weight: 1, arbitrary: printable },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

const credentials = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Credentials>('ops') },
  { weight: 3, arbitrary: fc.constant<Credentials>('own') },
  { weight: 1, arbitrary: fc.constantFrom<Credentials>('other', 'none', 'garbage', 'tampered', 'basic', 'lowercase-scheme') },
);

const signing = fc.oneof(
  { weight: 12, arbitrary: fc.constant<Signing>('valid') },
  {
    weight: 4,
    arbitrary: fc.constantFrom<Signing>(
      'other-store',
      'garbage',
      'stale',
      'future',
      'tampered-body',
      'two-signatures',
      'missing-id',
      'missing-timestamp',
      'missing-signature',
      'long-id',
    ),
  },
);

const DIMENSIONS = ['params', 'query', 'credentials', 'contentType', 'headers', 'signing', 'body'] as const;
type Dimension = (typeof DIMENSIONS)[number];

/**
 * Which parts of a request go hostile. Mostly one at a time, with the rest valid, so that a case gets past
 * the checks it does not target (a valid token, path and signature in front of a hostile body); sometimes
 * none (the handler's business rules), sometimes several.
 */
const corrupted: fc.Arbitrary<readonly Dimension[]> = fc.oneof(
  { weight: 2, arbitrary: fc.constant([]) },
  { weight: 6, arbitrary: fc.constantFrom(...DIMENSIONS).map((d) => [d]) },
  { weight: 2, arbitrary: fc.subarray([...DIMENSIONS], { minLength: 2 }) },
);

export function requestPlan(route: Route & { operationId: OperationId }): fc.Arbitrary<RequestPlan> {
  const names = parameterNames(route.path);
  const known = fc.record(Object.fromEntries(names.map((name) => [name, fc.nat().map((index): ParamPlan => ({ kind: 'known', index }))])));
  const validQuery: fc.Arbitrary<QueryPlan> =
    validQueries[route.operationId] ??
    (schemasOf(route.operationId).query
      ? fc.oneof(
          fc.constant([]),
          fc.integer({ min: 1, max: 100 }).map((n) => [['limit', String(n)]] as const),
          fc.nat().map((cursor) => [['cursor', { cursor }]] as const),
        )
      : fc.constant([]));
  // Fetch sends no body with GET; GET routes are fuzzed on path, query and headers.
  const validBody: fc.Arbitrary<BodyPlan> =
    route.method === 'GET' ? fc.constant({ kind: 'none' }) : validBodyOf(route.operationId).map((value) => ({ kind: 'json', value }));
  const choices = {
    params: [known, fc.record(Object.fromEntries(names.map((name) => [name, paramPlan(idKind(name))])))],
    query: [validQuery, queryPlan(route)],
    credentials: [route.access === 'staff' ? fc.constantFrom<Credentials>('ops', 'own') : fc.constant<Credentials>('ops'), credentials],
    contentType: [fc.constant('application/json'), contentType],
    headers: [fc.constant({}), extraHeaders],
    signing: [fc.constant<Signing>('valid'), signing],
    body: [validBody, route.method === 'GET' ? validBody : bodyPlan(route.operationId)],
  } satisfies Record<Dimension, [fc.Arbitrary<unknown>, fc.Arbitrary<unknown>]>;
  const webhookId = fc.oneof(
    { weight: 5, arbitrary: fc.constant('fresh' as const) },
    { weight: 1, arbitrary: fc.nat().map((reuse) => ({ reuse })) },
  );
  return corrupted.chain(
    (bad) =>
      fc.record({
        ...Object.fromEntries(DIMENSIONS.map((d) => [d, choices[d][bad.includes(d) ? 1 : 0]])),
        webhookId,
      }) as fc.Arbitrary<RequestPlan>,
  );
}
