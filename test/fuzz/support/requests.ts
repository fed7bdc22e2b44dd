// Request plans for one route of the route table: path parameters, query string, headers, credentials and
// body, each random, boundary or hostile, with valid values mixed in so handlers are reached past validation.
// A plan is symbolic (records are referred to by index); `materialize` turns it into bytes at send time.
import { randomUUID } from 'node:crypto';
import * as fc from 'fast-check';
import type { z } from 'zod';
import { isLotCode } from '../../../shared/codes';
import { schemasOf } from '../../../shared/contract';
import { parameterNames, type OperationId, type Route, type routes } from '../../../shared/routes';
import { sign } from '../../../shared/stores/webhooks';
import { chinaDay } from '../../support/api';
import type { World } from './world';
import { brokenText, hostileValue, mutate, mutations, Ref, render, type IdKind, type Value } from './values';

type ParamPlan =
  | { readonly kind: 'known'; readonly index: number }
  | { readonly kind: 'typo'; readonly index: number; readonly at: number; readonly char: string }
  | { readonly kind: 'text'; readonly value: string }
  /** Inserted into the path without encoding: broken percent-escapes and the like. */
  | { readonly kind: 'raw'; readonly value: string };

type QueryPlan = readonly (readonly [string, string | { readonly cursor: number }])[];

type Credentials = 'ops' | 'own' | 'other' | 'none' | 'garbage' | 'tampered' | 'basic' | 'lowercase-scheme';

/** How a store request is signed; `valid` signs the sent bytes with the path store's current secret. */
type Signing =
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

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const lowerCrockford = CROCKFORD.toLowerCase();
const chars = (alphabet: string, length: number) =>
  fc.array(fc.constantFrom(...alphabet), { minLength: length, maxLength: length }).map((c) => c.join(''));

/** Well-formed ids that no record has: they pass validation and reach the table. */
const wellFormed: Record<IdKind, fc.Arbitrary<string>> = {
  villageId: chars(lowerCrockford, 16).map((s) => `vil_${s}`),
  agreementId: chars(lowerCrockford, 16).map((s) => `agr_${s}`),
  lotCode: chars(CROCKFORD, 17).map((body) => body + [...CROCKFORD].find((c) => isLotCode(body + c))),
  crop: fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,39}$/),
  storeId: fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,39}$/),
};

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

const ID_KINDS: readonly string[] = ['villageId', 'agreementId', 'lotCode', 'crop', 'storeId'] satisfies IdKind[];
const idKind = (name: string) => (ID_KINDS.includes(name) ? (name as IdKind) : undefined);

function resolveParam(world: World, name: string, plan: ParamPlan): { value: string; encoded: string } {
  const kind = idKind(name);
  const known = (index: number) => (kind ? world.resolve(new Ref(kind, index)) : 'x');
  if (plan.kind === 'raw') return { value: plan.value, encoded: plan.value };
  let value: string;
  if (plan.kind === 'known') value = known(plan.index);
  else if (plan.kind === 'typo') {
    const id = known(plan.index);
    const at = plan.at % id.length;
    value = id.slice(0, at) + plan.char + id.slice(at + 1);
  } else value = plan.value;
  return { value, encoded: encodeURIComponent(value) };
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

const queryPlan = (route: { operationId: OperationId }): fc.Arbitrary<QueryPlan> => {
  const names = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('limit', 'cursor') },
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

// ---- bodies -----------------------------------------------------------------------------------------

/** Operations whose route takes a body; the type makes a new one fail to compile until it has a sample. */
export type BodyOperation = { [K in OperationId]: (typeof routes)[K] extends { body: z.ZodType } ? K : never }[OperationId];

const text = (max: number) => fc.string({ unit: 'grapheme', minLength: 1, maxLength: Math.min(max, 24) });
const localized = (max: number) => fc.record({ zh: text(max), en: text(max) });
const localizedList = (max: number) =>
  fc.record({ zh: fc.array(text(max), { minLength: 1, maxLength: 3 }), en: fc.array(text(max), { minLength: 1, maxLength: 3 }) });
const ref = (kind: IdKind) => fc.nat().map((index) => new Ref(kind, index));
const kg = (maxGrams: number, minGrams = 1) => fc.integer({ min: minGrams, max: maxGrams }).map((grams) => grams / 1000);
const day = (from: number, to: number) => fc.integer({ min: from, max: to }).map((offset) => chinaDay(offset));
const instant = (fromSeconds: number, toSeconds: number) =>
  fc.tuple(fc.integer({ min: fromSeconds, max: toSeconds }), fc.boolean()).map(([seconds, china]) => {
    const at = new Date(Date.now() + seconds * 1000);
    return china ? new Date(at.getTime() + 8 * 3600_000).toISOString().replace('Z', '+08:00') : at.toISOString();
  });
const grade = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('A', 'B') },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,16}$/) },
);
const slug = fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,20}$/);
/** Mostly at most 7 decimals, as documented; sometimes any double in range (1e-200 once reached DynamoDB). */
const degrees = (limit: number) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: -limit * 1e7, max: limit * 1e7 }).map((n) => n / 1e7) },
    { weight: 1, arbitrary: fc.double({ min: -limit, max: limit, noNaN: true }) },
  );

/** Mostly valid bodies per operation: the starting point of mutation, and a success path of its own. */
export const validBodies: Record<BodyOperation, fc.Arbitrary<Value>> = {
  createVillage: fc.record(
    {
      name: localized(100),
      province: text(50),
      county: text(50),
      location: fc.record({ lat: degrees(90), lng: degrees(180) }),
      story: localized(2000),
      specialties: fc.array(fc.oneof(ref('crop'), slug), { maxLength: 3 }),
    },
    { requiredKeys: ['name', 'province', 'county'] },
  ),
  putCrop: fc.record({
    name: localized(100),
    recipes: fc.array(
      fc.record({
        title: localized(120),
        minutes: fc.integer({ min: 1, max: 1440 }),
        ingredients: localizedList(200),
        steps: localizedList(500),
      }),
      { maxLength: 3 },
    ),
  }),
  createStore: fc.record({ storeId: fc.oneof(slug, ref('storeId')), name: localized(100), city: text(50) }),
  createAgreement: fc.record(
    {
      villageId: ref('villageId'),
      crop: ref('crop'),
      variety: text(100),
      gtin: fc.constantFrom('06931234567899', '6931234567899', '96385074', '036000291452', '12345678', '06931234567890'),
      committedKg: kg(100_000_000_000),
      tolerancePct: fc.integer({ min: 0, max: 3000 }).map((bp) => bp / 100),
      prices: fc.uniqueArray(fc.record({ grade, fenPerKg: fc.integer({ min: 1, max: 10_000_000 }) }), {
        minLength: 1,
        maxLength: 4,
        selector: (p) => p.grade,
      }),
      deliveryWindow: fc
        .tuple(fc.integer({ min: -60, max: 30 }), fc.integer({ min: 0, max: 90 }))
        .map(([from, length]) => ({ from: chinaDay(from), to: chinaDay(from + length) })),
    },
    { requiredKeys: ['villageId', 'crop', 'committedKg', 'tolerancePct', 'prices', 'deliveryWindow'] },
  ),
  cancelAgreement: fc.record({ reason: text(500) }, { requiredKeys: [] }),
  recordLot: fc.record(
    {
      clientLotId: fc.oneof(fc.stringMatching(/^[A-Za-z0-9_.:-]{1,64}$/), fc.constantFrom('lot-1', 'lot-2', 'lot-3')),
      grade,
      quantityKg: fc.oneof({ weight: 4, arbitrary: kg(50_000) }, { weight: 1, arbitrary: kg(200_000_000) }),
      harvestedOn: fc.oneof({ weight: 4, arbitrary: day(-25, 0) }, { weight: 1, arbitrary: day(-40, 2) }),
      field: text(100),
      destinationStoreId: fc.oneof(ref('storeId'), slug),
    },
    { requiredKeys: ['clientLotId', 'grade', 'quantityKg', 'harvestedOn'] },
  ),
  dispatchLot: fc.record({
    storeId: fc.oneof({ weight: 4, arbitrary: ref('storeId') }, { weight: 1, arbitrary: slug }),
    dispatchedAt: instant(-5 * 86_400, 900),
  }),
  receiveReceipt: fc.record({
    type: fc.oneof(
      { weight: 6, arbitrary: fc.constant('shipment.received') },
      { weight: 1, arbitrary: fc.constantFrom('shipment.returned', 'SHIPMENT.RECEIVED', '') },
    ),
    timestamp: instant(-3600, 60),
    data: fc.record(
      {
        lotCode: fc.oneof({ weight: 5, arbitrary: ref('lotCode') }, { weight: 1, arbitrary: wellFormed.lotCode }),
        receivedAt: instant(-86_400, 60),
        acceptedKg: kg(30_000, 0),
        rejectedKg: fc.oneof(fc.constant(0), kg(5_000, 0)),
        rejectionReason: text(500),
        storeReceiptNo: text(64),
      },
      { requiredKeys: ['lotCode', 'receivedAt', 'acceptedKg', 'rejectedKg'] },
    ),
  }),
  recallLot: fc.record({ reason: localized(200) }),
};

const hasSample = (operationId: OperationId): operationId is BodyOperation => operationId in validBodies;

function bodyPlan(operationId: OperationId): fc.Arbitrary<BodyPlan> {
  const valid = hasSample(operationId) ? validBodies[operationId] : fc.constant<Value>({});
  return fc.oneof(
    { weight: 4, arbitrary: valid.map((value) => ({ kind: 'json' as const, value })) },
    {
      weight: 7,
      arbitrary: fc.tuple(valid, mutations).map(([value, changes]) => ({ kind: 'json' as const, value: mutate(value, changes) })),
    },
    { weight: 1, arbitrary: hostileValue.map((value) => ({ kind: 'json' as const, value })) },
    { weight: 1, arbitrary: brokenText.map((text) => ({ kind: 'text' as const, text })) },
    { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
  );
}

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
  const validQuery: fc.Arbitrary<QueryPlan> = schemasOf(route.operationId).query
    ? fc.oneof(
        fc.constant([]),
        fc.integer({ min: 1, max: 100 }).map((n) => [['limit', String(n)]] as const),
        fc.nat().map((cursor) => [['cursor', { cursor }]] as const),
      )
    : fc.constant([]);
  // Fetch sends no body with GET; GET routes are fuzzed on path, query and headers.
  const validBody: fc.Arbitrary<BodyPlan> =
    route.method === 'GET'
      ? fc.constant({ kind: 'none' })
      : (hasSample(route.operationId) ? validBodies[route.operationId] : fc.constant<Value>({})).map((value) => ({ kind: 'json', value }));
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

// ---- materialization ------------------------------------------------------------------------------

/** The village whose staff "own" this request: the path record's village, else the first village. */
function ownerVillage(world: World, values: Record<string, string>): string {
  for (const value of Object.values(values)) {
    const owner = world.ownerOf.get(value);
    if (owner) return owner;
  }
  return world.ids.villageId[0] as string;
}

async function authorization(world: World, credentials: Credentials, ops: string, owner: string): Promise<string | undefined> {
  const other = world.ids.villageId.find((v) => v !== owner) as string;
  switch (credentials) {
    case 'ops':
      return `Bearer ${ops}`;
    case 'own':
      return `Bearer ${await world.staffToken(owner)}`;
    case 'other':
      return `Bearer ${await world.staffToken(other)}`;
    case 'none':
      return undefined;
    case 'garbage':
      return 'Bearer not.a.jwt';
    case 'tampered':
      return `Bearer ${ops.slice(0, -6)}AAAAAA`;
    case 'basic':
      return 'Basic b3BzOm9wcw==';
    case 'lowercase-scheme':
      return `bearer ${ops}`;
  }
}

export async function materialize(
  route: Route,
  plan: RequestPlan,
  world: World,
  opsToken: string,
  bodyText?: string,
): Promise<Materialized> {
  const values: Record<string, string> = {};
  const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const { value, encoded } = resolveParam(world, name, plan.params[name] as ParamPlan);
    values[name] = value;
    return encoded;
  });
  const search = new URLSearchParams(
    plan.query.map(([name, value]) => [
      name,
      typeof value === 'string' ? value : (world.cursors[value.cursor % Math.max(1, world.cursors.length)] ?? ''),
    ]),
  ).toString();
  const url = search ? `${path}?${search}` : path;

  const body =
    bodyText ??
    (plan.body.kind === 'none' ? undefined : plan.body.kind === 'text' ? plan.body.text : render(plan.body.value, world.resolve));
  const headers: Record<string, string> = { ...plan.headers };
  if (body !== undefined && plan.contentType !== undefined) headers['content-type'] = plan.contentType;
  // Without a content type fetch would label a string body text/plain; an absent header must stay absent.
  if (body !== undefined && plan.contentType === undefined) headers['content-type'] = '';

  if (route.access === 'ops' || route.access === 'staff') {
    const auth = await authorization(world, plan.credentials, opsToken, ownerVillage(world, values));
    if (auth) headers.authorization = auth;
    return { method: route.method, url, headers, body };
  }
  if (route.access !== 'store') return { method: route.method, url, headers, body };

  const storeId = values.storeId ?? '';
  const secret = world.secrets.get(storeId) ?? (world.secrets.values().next().value as string);
  const otherSecret = [...world.secrets.entries()].find(([id]) => id !== storeId)?.[1] ?? secret;
  const reused =
    typeof plan.webhookId === 'object' ? world.webhookIds[plan.webhookId.reuse % Math.max(1, world.webhookIds.length)] : undefined;
  const id = plan.signing === 'long-id' ? `msg_${'x'.repeat(130)}` : (reused ?? `msg_fuzz_${randomUUID()}`);
  const now = new Date();
  const at =
    plan.signing === 'stale' ? new Date(now.getTime() - 400_000) : plan.signing === 'future' ? new Date(now.getTime() + 400_000) : now;
  const signed = body ?? '';
  const signature = {
    valid: () => sign(secret, id, at, signed),
    stale: () => sign(secret, id, at, signed),
    future: () => sign(secret, id, at, signed),
    'long-id': () => sign(secret, id, at, signed),
    'missing-id': () => sign(secret, id, at, signed),
    'missing-timestamp': () => sign(secret, id, at, signed),
    'missing-signature': () => '',
    'other-store': () => sign(otherSecret, id, at, signed),
    garbage: () => 'v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
    'tampered-body': () => sign(secret, id, at, `${signed} `),
    'two-signatures': () => `v1,bm90IHRoaXMgb25l ${sign(secret, id, at, signed)}`,
  }[plan.signing]();
  headers['webhook-id'] = id;
  headers['webhook-timestamp'] = String(Math.floor(at.getTime() / 1000));
  headers['webhook-signature'] = signature;
  if (plan.signing === 'missing-id') delete headers['webhook-id'];
  if (plan.signing === 'missing-timestamp') delete headers['webhook-timestamp'];
  if (plan.signing === 'missing-signature') delete headers['webhook-signature'];
  if (!reused && plan.signing !== 'long-id') world.webhookIds.push(id);
  const validlySigned = ['valid', 'two-signatures'].includes(plan.signing) && world.secrets.has(storeId);
  return { method: route.method, url, headers, body, webhook: { storeId, id, validlySigned } };
}

/** A JSON body of exactly `bytes` UTF-8 bytes, filled with a character of 1, 3 or 4 bytes. */
export function sizedBody(bytes: number, fill: 'x' | '字' | '🍓'): string {
  const prefix = '{"pad":"';
  const suffix = '"}';
  const room = bytes - prefix.length - suffix.length;
  const width = Buffer.byteLength(fill);
  const text = fill.repeat(Math.floor(room / width)) + 'x'.repeat(room % width);
  return prefix + text + suffix;
}
