// Roles from verified JWT claims, in both the local (array) and API Gateway (flattened text) shapes.
import { describe, expect, it } from 'vitest';
import { CLAIM, assertVillageAccess, authorizeRoute, principalFromClaims, type Principal } from '../../shared/auth';
import { AppError } from '../../shared/errors';

const VILLAGE_ID = 'vil_0123456789abcdef';
const ops: Principal = { role: 'ops', subject: 'ops-user' };
const villageStaff: Principal = { role: 'village', subject: 'village-user', villageId: VILLAGE_ID };

/** The HTTP status a call fails with. */
function statusOf(call: () => unknown): number {
  try {
    call();
  } catch (error) {
    if (error instanceof AppError) return error.status;
    throw error;
  }
  throw new Error('expected an AppError, but the call returned');
}

describe('principalFromClaims', () => {
  it('reads ops from a group array', () => {
    expect(principalFromClaims({ sub: 'u1', [CLAIM.groups]: ['ops'] })).toEqual({ role: 'ops', subject: 'u1' });
  });

  it("reads ops from API Gateway's flattened group text", () => {
    expect(principalFromClaims({ sub: 'u1', [CLAIM.groups]: '[ops]' })).toEqual({ role: 'ops', subject: 'u1' });
  });

  it('reads village staff with their village from a group array', () => {
    expect(principalFromClaims({ sub: 'u2', [CLAIM.groups]: ['village'], [CLAIM.villageId]: VILLAGE_ID })).toEqual({
      role: 'village',
      subject: 'u2',
      villageId: VILLAGE_ID,
    });
  });

  it('reads village staff from flattened group text', () => {
    expect(principalFromClaims({ sub: 'u2', [CLAIM.groups]: '[village]', [CLAIM.villageId]: VILLAGE_ID })).toMatchObject({
      role: 'village',
      villageId: VILLAGE_ID,
    });
  });

  it('lets ops win over village membership, in both shapes', () => {
    const claims = { sub: 'u3', [CLAIM.villageId]: VILLAGE_ID };
    expect(principalFromClaims({ ...claims, [CLAIM.groups]: ['village', 'ops'] }).role).toBe('ops');
    expect(principalFromClaims({ ...claims, [CLAIM.groups]: '[village ops]' }).role).toBe('ops');
    expect(principalFromClaims({ ...claims, [CLAIM.groups]: '[ops village]' }).role).toBe('ops');
  });

  it('does not mistake a group that merely contains "ops" for ops', () => {
    expect(statusOf(() => principalFromClaims({ sub: 'u1', [CLAIM.groups]: '[devops]' }))).toBe(403);
    expect(statusOf(() => principalFromClaims({ sub: 'u1', [CLAIM.groups]: ['ops-readonly'] }))).toBe(403);
  });

  it.each([
    ['no claims at all', undefined],
    ['no sub', { [CLAIM.groups]: ['ops'] }],
    ['an empty sub', { sub: '', [CLAIM.groups]: ['ops'] }],
    ['a non-text sub', { sub: 42, [CLAIM.groups]: ['ops'] }],
  ])('refuses %s as Unauthorized (401)', (_label, claims) => {
    expect(statusOf(() => principalFromClaims(claims))).toBe(401);
  });

  it('refuses village staff without a custom:villageId as Forbidden (403)', () => {
    expect(statusOf(() => principalFromClaims({ sub: 'u2', [CLAIM.groups]: ['village'] }))).toBe(403);
    expect(statusOf(() => principalFromClaims({ sub: 'u2', [CLAIM.groups]: ['village'], [CLAIM.villageId]: '' }))).toBe(403);
  });

  it.each([
    ['no groups claim', {}],
    ['an empty flattened list', { [CLAIM.groups]: '[]' }],
    ['an unknown group', { [CLAIM.groups]: ['shoppers'] }],
  ])('refuses a token with %s as Forbidden (403)', (_label, extra) => {
    expect(statusOf(() => principalFromClaims({ sub: 'u4', [CLAIM.villageId]: VILLAGE_ID, ...extra }))).toBe(403);
  });
});

describe('authorizeRoute', () => {
  it('refuses village staff on ops routes with 403', () => {
    expect(statusOf(() => authorizeRoute('ops', villageStaff))).toBe(403);
  });

  it('lets ops through ops and staff routes, and village staff through staff routes', () => {
    expect(() => authorizeRoute('ops', ops)).not.toThrow();
    expect(() => authorizeRoute('staff', ops)).not.toThrow();
    expect(() => authorizeRoute('staff', villageStaff)).not.toThrow();
  });
});

describe('assertVillageAccess', () => {
  it("lets village staff touch their own village's records", () => {
    expect(() => assertVillageAccess(villageStaff, VILLAGE_ID)).not.toThrow();
  });

  it("refuses village staff on another village's records with 403", () => {
    expect(statusOf(() => assertVillageAccess(villageStaff, 'vil_fedcba9876543210'))).toBe(403);
  });

  it('lets ops touch any village', () => {
    expect(() => assertVillageAccess(ops, 'vil_fedcba9876543210')).not.toThrow();
  });
});
