// Who is calling, from the JWT claims API Gateway (or the local server) has already verified.
// Cognito groups decide the role; village staff carry their village in the custom:villageId claim.
import { Forbidden, Unauthorized } from './errors';
import type { Access } from './routes';

export type Principal =
  | { readonly role: 'ops'; readonly subject: string }
  | { readonly role: 'village'; readonly subject: string; readonly villageId: string };

export const CLAIM = { groups: 'cognito:groups', villageId: 'custom:villageId' } as const;
export const GROUP = { ops: 'ops', village: 'village' } as const;

/**
 * API Gateway's HTTP API JWT authorizer flattens array claims into text such as "[ops village]";
 * a locally decoded token keeps them as arrays. Both are read the same way.
 */
function groupsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') return [];
  return value
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

export function principalFromClaims(claims: Record<string, unknown> | undefined): Principal {
  const subject = claims?.sub;
  if (typeof subject !== 'string' || subject === '') throw new Unauthorized();
  const groups = groupsOf(claims?.[CLAIM.groups]);
  if (groups.includes(GROUP.ops)) return { role: 'ops', subject };
  const villageId = claims?.[CLAIM.villageId];
  if (groups.includes(GROUP.village) && typeof villageId === 'string' && villageId !== '') {
    return { role: 'village', subject, villageId };
  }
  throw new Forbidden('The token carries no role in this program');
}

/** The route-level rule: ops-only routes refuse village staff before any record is read. */
export function authorizeRoute(access: Extract<Access, 'ops' | 'staff'>, principal: Principal): void {
  if (access === 'ops' && principal.role !== 'ops') throw new Forbidden('Only the sourcing team (ops) may do this');
}

/** The record-level rule: village staff may only touch their own village's records. */
export function assertVillageAccess(principal: Principal, villageId: string): void {
  if (principal.role === 'village' && principal.villageId !== villageId) {
    throw new Forbidden("This token belongs to another village's staff");
  }
}
