// The scan adapter converts items itself (shared/scan/dynamodb.ts) instead of through
// util-dynamodb's unmarshall; for every value a scan item can hold, the two must agree.
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromAttributeValue } from '../../../shared/scan/dynamodb';

const { tree } = fc.letrec((tie) => ({
  tree: fc.oneof({ depthSize: 'small' }, tie('leaf'), tie('list'), tie('map')),
  leaf: fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 12 }),
    fc.double({ noNaN: true, noDefaultInfinity: true, min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
  ),
  list: fc.array(tie('tree'), { maxLength: 4 }),
  map: fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), tie('tree'), { maxKeys: 4 }),
}));

describe('fromAttributeValue', () => {
  it('gives what unmarshall gives, for any item of strings, numbers, booleans, nulls, maps and lists', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), tree, { maxKeys: 6 }), (record) => {
        const item = marshall(record);
        expect(fromAttributeValue({ M: item })).toEqual(unmarshall(item));
      }),
      { seed: 20261128, numRuns: 500 },
    );
  });

  it('refuses what no scan item holds: sets, binary, and numbers beyond safe integers', () => {
    expect(() => fromAttributeValue({ SS: ['a'] })).toThrow(/Unexpected attribute type in a scan item: SS/);
    expect(() => fromAttributeValue({ B: new Uint8Array([1]) })).toThrow(/Unexpected attribute type/);
    expect(() => fromAttributeValue({ N: '9007199254740993' })).toThrow(/out of range/);
    expect(fromAttributeValue({ N: '9007199254740991' })).toBe(Number.MAX_SAFE_INTEGER);
    expect(fromAttributeValue({ N: '-34.0522' })).toBe(-34.0522);
  });
});
