// Recalling lots at scope. The request checks the scope, stores the recall and sends it to the job
// queue (202); the worker (worker.ts) recalls the lots. A single lot's recall is a recall of one lot
// code, done at once in the request.
import type { z } from 'zod';
import type { AgreementRepository } from '../agreements/agreement';
import type { Principal } from '../auth';
import { newId } from '../codes';
import type { Clock } from '../deps';
import { Conflict, NotFound } from '../errors';
import type { ListQuery } from '../fields';
import type { JobQueue } from '../jobs/queue';
import { type JobRequest, replayedJob } from '../jobs/replay';
import { type LotRecord, type LotRepository, lotView, type RecallLot } from '../lots/lot';
import { loadLot } from '../lots/use-cases';
import { type Invalidate, lotPaths } from '../scan/cache';
import type { VillageRepository } from '../villages/village';
import {
  activeScopeOf,
  type CreateRecall,
  type RecallRecord,
  type RecallRepository,
  type RecallScopeData,
  recallView,
  requestHash,
  scopeCovers,
} from './recall';

type Recalls = { recalls: RecallRepository };

const recallJob: JobRequest<RecallRecord> = {
  kind: 'recall',
  idOf: (r) => r.recallId,
  reused: (r) =>
    new Conflict('client_recall_id_reused', 'This clientRecallId was already used for another recall', { recallId: r.recallId }),
};
type ScopeDeps = {
  villages: Pick<VillageRepository, 'get'>;
  agreements: Pick<AgreementRepository, 'get'>;
  lots: Pick<LotRepository, 'trace' | 'getMany'>;
};

/**
 * The village whose active scopes a recall joins (undefined for lot codes); 404 for an unknown village
 * or agreement, and 409 `empty_scope` when no lot matches, before anything is written.
 */
async function checkScope({ villages, agreements, lots }: ScopeDeps, scope: RecallScopeData): Promise<string | undefined> {
  const filter = { crop: scope.crop, harvestedFrom: scope.harvestedFrom, harvestedTo: scope.harvestedTo };
  let villageId: string | undefined;
  let matches: boolean;
  if (scope.lotCodes) {
    matches = (await lots.getMany(scope.lotCodes)).some((lot) => scopeCovers(filter, lot));
  } else {
    if (scope.villageId) {
      if (!(await villages.get(scope.villageId))) throw new NotFound('Village');
      villageId = scope.villageId;
    } else {
      const agreement = await agreements.get(scope.agreementId as string);
      if (!agreement) throw new NotFound('Agreement');
      villageId = agreement.villageId;
    }
    const anchor = scope.villageId ? { villageId: scope.villageId } : { agreementId: scope.agreementId as string };
    matches = (await lots.trace(anchor, filter, 1)).items.length > 0;
  }
  if (!matches) throw new Conflict('empty_scope', 'No lot matches this scope; nothing was recalled');
  return villageId;
}

/** 201 with a new recall, or 200 with the recall a replay of the same request made. */
export async function createRecall(
  deps: Recalls & ScopeDeps & Clock,
  jobs: JobQueue,
  principal: Principal,
  input: z.infer<typeof CreateRecall>,
): Promise<{ created: boolean; recall: ReturnType<typeof recallView> }> {
  const hash = requestHash(input);
  const replay = async () => {
    const earlier = await replayedJob(jobs, recallJob, await deps.recalls.getByClientId(input.clientRecallId), hash);
    return earlier && { created: false, recall: recallView(earlier) };
  };
  const earlier = await replay();
  if (earlier) return earlier;

  const villageId = await checkScope(deps, input.scope);
  const recall: RecallRecord = {
    recallId: newId('rcl'),
    clientRecallId: input.clientRecallId,
    requestSha256: hash,
    scope: input.scope,
    reason: input.reason,
    status: 'running',
    lotCount: 0,
    recalledCount: 0,
    createdAt: deps.now().toISOString(),
    createdBy: principal.subject,
  };
  const active = activeScopeOf(recall);
  if (!(await deps.recalls.create(recall, villageId && active ? { villageId, scope: active } : undefined))) {
    const raced = await replay();
    if (raced) return raced;
    throw new Error('clientRecallId claim vanished after a conditional write failed');
  }
  await jobs.send('recall', recall.recallId);
  return { created: true, recall: recallView(recall) };
}

export async function getRecall({ recalls }: Recalls, recallId: string) {
  const recall = await recalls.get(recallId);
  if (!recall) throw new NotFound('Recall');
  return recallView(recall);
}

export async function listRecalls({ recalls }: Recalls, query: z.infer<typeof ListQuery>) {
  const page = await recalls.list(query.limit ?? 20, query.cursor);
  return { items: page.items.map(recallView), nextCursor: page.nextCursor };
}

export async function listRecalledLots({ recalls }: Recalls, recallId: string, query: z.infer<typeof ListQuery>) {
  if (!(await recalls.get(recallId))) throw new NotFound('Recall');
  const page = await recalls.lots(recallId, query.limit ?? 100, query.cursor);
  return { items: page.items.map(({ lotCode, recalledAt }) => ({ lotCode, recalledAt })), nextCursor: page.nextCursor };
}

/**
 * Recalls one lot at once: a recall of its lot code (clientRecallId `lot:{lotCode}`), done in the
 * request, then its scan path leaves the CDN. Repeating it re-invalidates, so a failed invalidation is
 * retried by calling again; `recalled` says whether this call recalled the lot or it already was.
 */
export async function recallOneLot(
  deps: Recalls & { lots: Pick<LotRepository, 'get'>; publicBaseUrl: string } & Clock,
  invalidate: Invalidate,
  principal: Principal,
  lotCode: string,
  input: z.infer<typeof RecallLot>,
) {
  let lot: LotRecord = await loadLot(deps, principal, lotCode, true);
  let recalled = false;
  if (!lot.recall) {
    const clientRecallId = `lot:${lotCode}`;
    const scope = { lotCodes: [lotCode] };
    const at = deps.now().toISOString();
    const fresh: RecallRecord = {
      recallId: newId('rcl'),
      clientRecallId,
      requestSha256: requestHash({ scope, reason: input.reason }),
      scope,
      reason: input.reason,
      status: 'running',
      lotCount: 1,
      recalledCount: 0,
      createdAt: at,
      createdBy: principal.subject,
    };
    const recall = (await deps.recalls.create(fresh)) ? fresh : await deps.recalls.getByClientId(clientRecallId);
    if (!recall) throw new Error('clientRecallId claim vanished after a conditional write failed');
    recalled = (await deps.recalls.recallLot(recall, lot, at)) === 'recalled';
    await deps.recalls.complete(recall.recallId, at);
    lot = await loadLot(deps, principal, lotCode, true);
  }
  await invalidate(lotPaths(lot));
  return { recalled, lot: lotView(lot, deps.publicBaseUrl) };
}
