// Scoped recalls on DynamoDB Local: the request stores the recall and the worker (run by the local job
// queue, as SQS runs it in AWS) recalls every lot of the scope once; a lot recorded later inside an
// active scope is recalled at intake; refusals write nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDay, setupAgreement, startTestApi, type TestApi } from '../support/api';

let api: TestApi;
let villageId: string;
let agreementId: string;
let staff: string;
let clientLot = 0;

const reason = { zh: '农残复检', en: 'Pesticide re-test' };

async function lot(harvestDaysAgo: number, agreement = agreementId, token = staff) {
  const reply = await api.call('POST', `/api/v1/agreements/${agreement}/lots`, {
    token,
    body: { clientLotId: `rc-${clientLot++}`, grade: 'A', quantityKg: 2, harvestedOn: chinaDay(-harvestDaysAgo) },
  });
  expect(reply.status).toBe(201);
  return reply.body as { lotCode: string; recall?: { recallId?: string } };
}

const recall = (body: unknown) => api.call('POST', '/api/v1/recalls', { token: api.opsToken, body });
const scan = async (lotCode: string) => (await api.call('GET', `/api/v1/scan/${lotCode}`)).body;
const getRecall = async (recallId: string) => (await api.call('GET', `/api/v1/recalls/${recallId}`, { token: api.opsToken })).body;

beforeAll(async () => {
  api = await startTestApi();
  ({ villageId, agreementId } = await setupAgreement(api, {
    committedKg: 10_000,
    deliveryWindow: { from: chinaDay(-60), to: chinaDay(30) },
  }));
  staff = await api.villageToken(villageId);
});
afterAll(async () => api?.stop());

describe('a recall of a village and harvest period', () => {
  it('answers 202 at once, then recalls exactly the lots in scope, each once, and completes', async () => {
    const inside = [await lot(10), await lot(12), await lot(14)];
    const outside = [await lot(30), await lot(1)];
    const reply = await recall({
      clientRecallId: 'village-may',
      scope: { villageId, crop: 'strawberry', harvestedFrom: chinaDay(-15), harvestedTo: chinaDay(-9) },
      reason,
    });
    expect(reply.status).toBe(202);
    expect(reply.body).toMatchObject({ status: 'running', scope: { villageId }, reason, recallId: expect.stringMatching(/^rcl_/) });

    await api.system.jobs.idle();
    const done = await getRecall(reply.body.recallId);
    expect(done).toMatchObject({ status: 'completed', lotCount: 3, recalledCount: 3, completedAt: expect.any(String) });
    for (const l of inside) expect((await scan(l.lotCode)).recall?.reason).toEqual(reason);
    for (const l of outside) expect((await scan(l.lotCode)).recall).toBeUndefined();

    const lots = await api.call('GET', `/api/v1/recalls/${reply.body.recallId}/lots?limit=2`, { token: api.opsToken });
    const rest = await api.call('GET', `/api/v1/recalls/${reply.body.recallId}/lots?cursor=${lots.body.nextCursor}`, {
      token: api.opsToken,
    });
    expect([...lots.body.items, ...rest.body.items].map((i: { lotCode: string }) => i.lotCode).sort()).toEqual(
      inside.map((l) => l.lotCode).sort(),
    );
    const internal = await api.call('GET', `/api/v1/lots/${inside[0]!.lotCode}`, { token: api.opsToken });
    expect(internal.body.recall).toMatchObject({ recallId: reply.body.recallId, reason });
  });

  it('answers a replay of the same request 200 with the same recall, and another body under its id 409', async () => {
    await lot(5);
    const body = { clientRecallId: 'replayed', scope: { agreementId, harvestedFrom: chinaDay(-6), harvestedTo: chinaDay(-4) }, reason };
    const first = await recall(body);
    await api.system.jobs.idle();
    const again = await recall(body);
    expect([first.status, again.status]).toEqual([202, 200]);
    expect(again.body).toMatchObject({ recallId: first.body.recallId, status: 'completed', lotCount: 1 });
    const before = await api.snapshot();
    const reused = await recall({ ...body, reason: { zh: '别的', en: 'Another reason' } });
    expect(reused.status).toBe(409);
    expect(reused.body.error).toMatchObject({ code: 'client_recall_id_reused', details: { recallId: first.body.recallId } });
    expect(await api.snapshot()).toBe(before);
  });

  it('recalls at intake a lot recorded later inside an active scope, and not one outside it', async () => {
    await lot(48);
    const started = await recall({
      clientRecallId: 'standing',
      scope: { villageId, harvestedFrom: chinaDay(-50), harvestedTo: chinaDay(-45) },
      reason,
    });
    expect(started.status).toBe(202);
    await api.system.jobs.idle();
    const late = await lot(47);
    const other = await lot(40);
    expect(late.recall).toMatchObject({ recallId: started.body.recallId, reason });
    expect(other.recall).toBeUndefined();
    expect((await scan(late.lotCode)).recall?.reason).toEqual(reason);
    expect(await getRecall(started.body.recallId)).toMatchObject({ lotCount: 2, recalledCount: 2 });
  });

  it('recalls at intake on an agreement signed after the recall, and on one whose copy of the scopes is stale', async () => {
    const before = await setupAgreement(api, { committedKg: 500, deliveryWindow: { from: chinaDay(-60), to: chinaDay(30) } });
    const staffB = await api.villageToken(before.villageId);
    const started = await recall({
      clientRecallId: 'village-b',
      scope: { villageId: before.villageId, harvestedFrom: chinaDay(-3), harvestedTo: chinaDay(-2) },
      reason,
    });
    expect(started.status).toBe(409); // nothing harvested there yet
    await lot(20, before.agreementId, staffB);
    const live = await recall({
      clientRecallId: 'village-b',
      scope: { villageId: before.villageId, harvestedFrom: chinaDay(-25), harvestedTo: chinaDay(-15) },
      reason,
    });
    expect(live.status).toBe(202);
    await api.system.jobs.idle();
    // The agreement's copy of the village's scopes predates the recall: intake finds out and refreshes it.
    expect((await lot(18, before.agreementId, staffB)).recall?.recallId).toBe(live.body.recallId);
    const signedAfter = await api.call('POST', '/api/v1/agreements', {
      token: api.opsToken,
      body: {
        villageId: before.villageId,
        crop: 'strawberry',
        committedKg: 100,
        tolerancePct: 0,
        prices: [{ grade: 'A', fenPerKg: 500 }],
        deliveryWindow: { from: chinaDay(-60), to: chinaDay(30) },
      },
    });
    expect((await lot(16, signedAfter.body.agreementId, staffB)).recall?.recallId).toBe(live.body.recallId);
    expect(await getRecall(live.body.recallId)).toMatchObject({ status: 'completed', lotCount: 3, recalledCount: 3 });
  });
});

describe('a recall of listed lot codes', () => {
  it('recalls the listed lots that exist, narrowed by crop and dates, and lists them', async () => {
    const [a, b] = [await lot(3), await lot(4)];
    const reply = await recall({ clientRecallId: 'codes', scope: { lotCodes: [a.lotCode, b.lotCode], harvestedTo: chinaDay(-4) }, reason });
    expect(reply.status).toBe(202);
    await api.system.jobs.idle();
    expect(await getRecall(reply.body.recallId)).toMatchObject({ status: 'completed', lotCount: 1, recalledCount: 1 });
    expect((await scan(b.lotCode)).recall).toBeDefined();
    expect((await scan(a.lotCode)).recall).toBeUndefined();
  });

  it('makes a single-lot recall a recall of one lot code, listed with the others', async () => {
    const one = await lot(2);
    const reply = await api.call('POST', `/api/v1/lots/${one.lotCode}/recall`, { token: api.opsToken, body: { reason } });
    expect(reply.status).toBe(200);
    expect(reply.body.recall).toMatchObject({ reason, recallId: expect.stringMatching(/^rcl_/) });
    const listed = await api.call('GET', '/api/v1/recalls?limit=100', { token: api.opsToken });
    const mine = listed.body.items.find((r: { recallId: string }) => r.recallId === reply.body.recall.recallId);
    expect(mine).toMatchObject({
      clientRecallId: `lot:${one.lotCode}`,
      scope: { lotCodes: [one.lotCode] },
      status: 'completed',
      lotCount: 1,
    });
  });
});

describe('refusals, which write nothing', () => {
  const refused = async (body: unknown, token = api.opsToken) => {
    const before = await api.snapshot();
    const reply = await api.call('POST', '/api/v1/recalls', { token, body });
    expect(await api.snapshot()).toBe(before);
    return reply;
  };

  it('names the anchors when none or two are given', async () => {
    const none = await refused({ clientRecallId: 'x', scope: { crop: 'strawberry' }, reason });
    expect(none.status).toBe(400);
    expect(none.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'scope.agreementId',
      'scope.lotCodes',
      'scope.villageId',
    ]);
    const two = await refused({ clientRecallId: 'x', scope: { villageId, agreementId }, reason });
    expect(two.status).toBe(400);
    expect(two.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['scope.agreementId', 'scope.villageId']);
  });

  it('refuses reversed and over-long harvest ranges', async () => {
    const reversed = await refused({
      clientRecallId: 'x',
      scope: { villageId, harvestedFrom: chinaDay(-1), harvestedTo: chinaDay(-2) },
      reason,
    });
    const long = await refused({
      clientRecallId: 'x',
      scope: { villageId, harvestedFrom: '2025-01-01', harvestedTo: '2026-02-06' },
      reason,
    });
    for (const reply of [reversed, long]) {
      expect(reply.status).toBe(400);
      expect(reply.body.error.details).toEqual([expect.objectContaining({ path: 'scope.harvestedTo' })]);
    }
  });

  it('answers 404 for an unknown village or agreement, and 409 empty_scope when no lot matches', async () => {
    expect((await refused({ clientRecallId: 'x', scope: { villageId: 'vil_0000000000000000' }, reason })).status).toBe(404);
    expect((await refused({ clientRecallId: 'x', scope: { agreementId: 'agr_0000000000000000' }, reason })).status).toBe(404);
    const empty = await refused({ clientRecallId: 'x', scope: { villageId, crop: 'kiwi' }, reason });
    expect(empty.status).toBe(409);
    expect(empty.body.error.code).toBe('empty_scope');
  });

  it('refuses village staff', async () => {
    expect((await refused({ clientRecallId: 'x', scope: { villageId }, reason }, staff)).status).toBe(403);
  });
});
