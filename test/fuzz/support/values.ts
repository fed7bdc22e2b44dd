// JSON-like values a fuzzer can send but JSON.stringify cannot write: raw number text (1e309, -0) and
// references to records that exist only once the fuzz world has been created (or grown) at run time.
import * as fc from 'fast-check';
import { isLotCode, toGtin14 } from '../../../shared/codes';

/** Written into the body as is: numbers JSON.stringify would change (1e309 → null, -0 → 0), nesting bombs. */
export class Raw {
  constructor(readonly text: string) {}
  toString() {
    return this.text.length > 80 ? `Raw(${this.text.slice(0, 40)}…${this.text.length} chars)` : `Raw(${this.text})`;
  }
}

export type IdKind = 'villageId' | 'agreementId' | 'lotCode' | 'crop' | 'storeId' | 'recallId' | 'exportId' | 'gtin';
const ID_KINDS: readonly string[] = [
  'villageId',
  'agreementId',
  'lotCode',
  'crop',
  'storeId',
  'recallId',
  'exportId',
  'gtin',
] satisfies IdKind[];
export const idKind = (name: string) => (ID_KINDS.includes(name) ? (name as IdKind) : undefined);

/** The index-th known record of a kind, resolved when the request is sent, so a seed replays the same choice. */
export class Ref {
  constructor(
    readonly kind: IdKind,
    readonly index: number,
  ) {}
  toString() {
    return `Ref(${this.kind}#${this.index})`;
  }
}

export type Value = null | boolean | number | string | Raw | Ref | Value[] | { [key: string]: Value };

export const isRecord = (value: Value): value is { [key: string]: Value } =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Raw) && !(value instanceof Ref);

/** JSON text of a value; recursion stays shallow because deep nesting is generated as Raw text. */
export function render(value: Value, resolve: (ref: Ref) => string): string {
  if (value instanceof Raw) return value.text;
  if (value instanceof Ref) return JSON.stringify(resolve(value));
  if (Array.isArray(value)) return `[${value.map((v) => render(v, resolve)).join(',')}]`;
  if (isRecord(value)) {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}:${render(v, resolve)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

// Values that break parsers, validators and storage. Numbers go as raw text so they reach the server unchanged.
const RAW_NUMBERS = [
  '1e309',
  '-1e309',
  '-0',
  '-0.0',
  '1e-400',
  '0.30000000000000004',
  '9007199254740993',
  '1e21',
  '-1',
  '0',
  '123456789012345678901234567890',
  '1E2',
  '0.0001',
  '12.3456',
  '100000000.001',
  '4.9e-324',
  '1.7976931348623157e308',
];
const HOSTILE_STRINGS = [
  'NaN',
  'Infinity',
  '-Infinity',
  '-0',
  '1e309',
  '',
  ' ',
  '\t\n',
  '\u0000',
  '\ud800',
  '\udfff',
  '\u202e\u0041',
  '\u200b',
  '\ufeff',
  'null',
  'true',
  '[]',
  '{}',
  '<script>alert(1)</script>',
  "' OR '1'='1",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a hostile input, not a template
  '${7*7}',
  '{{7*7}}',
  '../../etc/passwd',
  'VILLAGE#x',
  '#LOT',
  'LOT#0000000000000000',
  'pk',
  '__proto__',
  'A'.repeat(18),
  '0'.repeat(18),
  '🍓'.repeat(30),
  '草莓'.repeat(60),
  'e\u0301',
  '\u{10FFFF}',
  '%00',
  '%s%s%s%n',
];
const DANGEROUS_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'pk',
  'sk',
  'gsi1pk',
  'entity',
  'villageId',
  'status',
  'webhookSecret',
  'expectedPayoutFen',
  'fenPerKg',
  'recordedBy',
  'isAdmin',
  '',
  ' ',
  'toString',
  'hasOwnProperty',
];

const nesting = (open: string, close: string) =>
  fc.integer({ min: 2, max: 30_000 }).map((depth) => new Raw(`${open.repeat(depth)}0${close.repeat(depth)}`));

export const hostileValue: fc.Arbitrary<Value> = fc.oneof(
  fc.constantFrom(...RAW_NUMBERS).map((text) => new Raw(text)),
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(101, 201, 501, 2001, 20_000, 60_000).chain((n) => fc.constantFrom('x', '字', '🍓', ' ').map((c) => c.repeat(n))),
  fc.constantFrom<Value>(null, true, false, [], {}, [[]], { zh: 1, en: null }, ['a', 1, null]),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.oneof(nesting('[', ']'), nesting('{"a":', '}')),
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Value>,
  fc.constantFrom(
    new Raw('{"__proto__":{"polluted":true}}'),
    new Raw('{"constructor":{"prototype":{"polluted":true}}}'),
    new Raw('{"a":1,"a":2}'),
  ),
);

export const fieldName: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...DANGEROUS_KEYS),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
);

/** Paths of every object and array (and every key) inside a value, root first. */
function pathsOf(value: Value, at: (string | number)[] = []): (string | number)[][] {
  const here = [at];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => pathsOf(v, [...at, i]))];
  if (isRecord(value)) return [...here, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...at, k]))];
  return here;
}

function parentOf(root: Value, path: (string | number)[]): Value {
  let node = root;
  for (const step of path.slice(0, -1)) node = (node as Record<string | number, Value>)[step] as Value;
  return node;
}

export type Mutation = readonly ['drop' | 'add' | 'replace' | 'flood', number, string, Value];

/** Applies mutations to a copy: drop a field, add an unknown one, replace any part, or flood with extra keys. */
export function mutate(value: Value, mutations: readonly Mutation[]): Value {
  let root: Value = structuredCloneValue(value);
  for (const [kind, pick, name, replacement] of mutations) {
    const paths = pathsOf(root);
    const path = paths[pick % paths.length] as (string | number)[];
    const target = path.length === 0 ? root : (parentOf(root, path) as Record<string | number, Value>)[path.at(-1) as string];
    if (kind === 'replace') {
      if (path.length === 0) root = replacement;
      else (parentOf(root, path) as Record<string | number, Value>)[path.at(-1) as string] = replacement;
    } else if (kind === 'drop' && path.length > 0) {
      const parent = parentOf(root, path);
      if (Array.isArray(parent)) parent.splice(path.at(-1) as number, 1);
      else if (isRecord(parent)) delete parent[path.at(-1) as string];
    } else if (kind === 'add' && target !== undefined && isRecord(target)) {
      target[name] = replacement;
    } else if (kind === 'flood' && target !== undefined && isRecord(target)) {
      // Thousands of unknown keys: each is named in the 400's details, and a receipt keeps them all.
      for (let i = 0; i < 200 + (pick % 7_000); i++) target[`k${i}`] = 0;
    }
  }
  return root;
}

function structuredCloneValue(value: Value): Value {
  if (Array.isArray(value)) return value.map(structuredCloneValue);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, structuredCloneValue(v)]));
  return value;
}

export const mutations: fc.Arbitrary<Mutation[]> = fc.array(
  fc.tuple(
    fc.constantFrom('drop', 'add', 'replace', 'drop', 'add', 'replace', 'flood') as fc.Arbitrary<Mutation[0]>,
    fc.nat(),
    fieldName,
    hostileValue,
  ),
  { minLength: 1, maxLength: 3 },
);

/** Bodies that are not JSON at all, or nearly JSON. */
export const brokenText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '{',
    '}',
    '[',
    '{"a":}',
    '{"a":1,}',
    "{'a':1}",
    'undefined',
    'NaN',
    '\ufeff{}',
    '{}{}',
    '""',
    'null',
    '0',
    '{"a":"\\ud800"}',
    '{"a":"\\x41"}',
    '{"a":01}',
    '<xml/>',
    'a=1&b=2',
    '\u0000',
  ),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.json().map((text) => text.slice(0, Math.max(1, text.length - 1))),
);

export const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const lowerCrockford = CROCKFORD.toLowerCase();
const chars = (alphabet: string, length: number) =>
  fc.array(fc.constantFrom(...alphabet), { minLength: length, maxLength: length }).map((c) => c.join(''));

/** Well-formed ids that no record has: they pass validation and reach the table. */
export const wellFormed: Record<IdKind, fc.Arbitrary<string>> = {
  villageId: chars(lowerCrockford, 16).map((s) => `vil_${s}`),
  agreementId: chars(lowerCrockford, 16).map((s) => `agr_${s}`),
  lotCode: chars(CROCKFORD, 17).map((body) => body + [...CROCKFORD].find((c) => isLotCode(body + c))),
  crop: fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,39}$/),
  storeId: fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,39}$/),
  recallId: chars(lowerCrockford, 16).map((s) => `rcl_${s}`),
  exportId: chars(lowerCrockford, 16).map((s) => `exp_${s}`),
  gtin: chars('0123456789', 13).map((body) => body + [...'0123456789'].find((d) => toGtin14(body + d))),
};
