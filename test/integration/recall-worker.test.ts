// The recall worker on DynamoDB Local: a worker that dies part-way leaves a running recall, and the next
// delivery of the job finishes it without recalling or counting any lot twice.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { localClient } from '../../scripts/local/dynamodb-local';
import type { Principal } from '../../shared/auth';
import type { Repositories } from '../../shared/deps';
import type { RecallRepository } from '../../shared/recalls/recall';
import { createRecall } from '../../shared/recalls/use-cases';
import { runRecall } from '../../shared/recalls/worker';
import { dynamoDbRepositories } from '../../shared/table/repositories';
import { chinaDay, recordLots, setupAgreement, startTestApi, type TestApi } from '../support/api';

const LOTS = 40;
const OPS: Principal = { role: 'ops', subject: 'ops-drill' };
const now = () => new Date();
const noJobs = { send: async () => undefined };

let api: TestApi;
let repos: Repositories;
let agreementId: string;
let client: ReturnType<typeof localClient>;

beforeAll(async () => {
  api = await startTestApi();
  client = localClient(api.system.dynamoEndpoint);
  repos = dynamoDbRepositories(client, api.system.tableName);
  ({ agreementId } = await setupAgreement(api, { committedKg: 10_000 }));
  await recordLots(api, agreementId, LOTS);
});
afterAll(async () => {
  client?.destroy();
  await api?.stop();
});

describe('the recall worker', () => {
  it('resumes after dying part-way, recalling every lot once and counting each once', async () => {
    const { recall } = await createRecall({ ...repos, now }, noJobs, OPS, {
      clientRecallId: 'drill',
      scope: { agreementId },
      reason: { zh: '演练', en: 'Drill' },
    });
    let calls = 0;
    const dying: RecallRepository = {
      ...repos.recalls,
      recallLot: (...args) => {
        calls++;
        if (calls > 11) return Promise.reject(new Error('worker killed'));
        return repos.recalls.recallLot(...args);
      },
    };
    const invalidated: string[][] = [];
    const invalidate = async (paths: readonly string[]) => void invalidated.push([...paths]);

    await expect(runRecall({ ...repos, recalls: dying, now }, invalidate, recall.recallId)).rejects.toThrow('worker killed');
    const halfway = await repos.recalls.get(recall.recallId, true);
    expect({ status: halfway?.status, lotCount: halfway?.lotCount, recalledCount: halfway?.recalledCount }).toEqual({
      status: 'running',
      lotCount: LOTS,
      recalledCount: 11,
    });
    expect(invalidated).toEqual([]);

    await runRecall({ ...repos, now }, invalidate, recall.recallId);
    const done = await repos.recalls.get(recall.recallId, true);
    expect(done).toMatchObject({ status: 'completed', lotCount: LOTS, recalledCount: LOTS });
    const codes = await repos.recalls.recalledLotCodes(recall.recallId);
    expect(new Set(codes).size).toBe(LOTS);
    const lots = await repos.lots.listByAgreement(agreementId);
    expect(lots.every((l) => l.recall?.recallId === recall.recallId)).toBe(true);
    expect(invalidated).toEqual([lots.map((l) => `/api/v1/scan/${l.lotCode}`).sort()].map((paths) => expect.arrayContaining(paths)));
    expect(invalidated[0]).toHaveLength(LOTS);

    // A late redelivery of the finished job does nothing.
    await runRecall({ ...repos, now }, invalidate, recall.recallId);
    expect(invalidated).toHaveLength(1);
    expect(await repos.recalls.get(recall.recallId, true)).toEqual(done);
  });

  it('retries a job that failed through the local queue, as SQS would, until it completes', async () => {
    await api.call('POST', `/api/v1/agreements/${agreementId}/lots`, {
      token: api.opsToken,
      body: { clientLotId: 'w-late', grade: 'A', quantityKg: 1, harvestedOn: chinaDay(-8) },
    });
    // The worker the local queue runs uses the functions' own repositories: fail its first recall of a lot.
    const { deps } = await import('../../functions/commons/dependencies');
    const fault = vi.spyOn(deps.recalls, 'recallLot').mockRejectedValueOnce(new Error('throttled'));
    const reply = await api.call('POST', '/api/v1/recalls', {
      token: api.opsToken,
      body: {
        clientRecallId: 'retried',
        scope: { agreementId, harvestedFrom: chinaDay(-8), harvestedTo: chinaDay(-8) },
        reason: { zh: '复检', en: 'Re-test' },
      },
    });
    expect(reply.status).toBe(202);
    await api.system.jobs.idle();
    expect(fault).toHaveBeenCalledTimes(2);
    fault.mockRestore();
    expect(api.system.jobs.deadLetters).toEqual([]);
    expect(await repos.recalls.get(reply.body.recallId, true)).toMatchObject({ status: 'completed', lotCount: 1, recalledCount: 1 });
  });
});
