// Turns a symbolic request plan into the bytes sent: ids resolved against the fuzz world, tokens minted,
// store requests signed (or mis-signed) as planned.
import { randomUUID } from 'node:crypto';
import { sign } from '../../../shared/stores/webhooks';
import type { Route } from '../../../shared/routes';
import type { Credentials, Materialized, ParamPlan, RequestPlan } from './requests';
import type { World } from './world';
import { idKind, Ref, render } from './values';

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
      typeof value === 'string'
        ? value
        : value instanceof Ref
          ? world.resolve(value)
          : (world.cursors[value.cursor % Math.max(1, world.cursors.length)] ?? ''),
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
