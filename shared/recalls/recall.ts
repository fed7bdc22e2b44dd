// Recalls: every lot of a scope (a village, an agreement or listed lot codes, narrowed by crop and
// harvest dates) marked recalled, so each one's scan shows the recall. A recall is a job: the request
// stores it and a worker recalls the lots. Village and agreement scopes stay active, so a lot recorded
// later inside one is recalled at intake.
import { createHash } from 'node:crypto';
import * as z from 'zod';
import {
  AgreementId,
  CropId,
  exactlyOneOf,
  harvestRange,
  IsoDate,
  LocalizedText,
  LotCode,
  localized,
  type Page,
  page,
  RecallId,
  VillageId,
} from '../fields';
import type { LotRecord } from '../lots/lot';
import type { Localized } from '../villages/village';

export const MAX_RECALL_LOT_CODES = 1000;

export const RecallScope = z
  .strictObject({
    villageId: VillageId.optional(),
    agreementId: AgreementId.optional(),
    lotCodes: z
      .array(LotCode)
      .min(1)
      .max(MAX_RECALL_LOT_CODES)
      .refine((codes) => new Set(codes).size === codes.length, 'lot codes must be unique')
      .optional(),
    crop: CropId.optional(),
    harvestedFrom: IsoDate.optional(),
    harvestedTo: IsoDate.optional(),
  })
  .superRefine(exactlyOneOf(['villageId', 'agreementId', 'lotCodes']))
  .superRefine(harvestRange);

export const CreateRecall = z.strictObject({
  clientRecallId: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'expected 1–64 letters, digits or _ . : -'),
  scope: RecallScope,
  reason: localized(200),
});

export const Recall = z.object({
  recallId: RecallId,
  clientRecallId: z.string(),
  status: z.enum(['running', 'completed']),
  scope: z.object({
    villageId: VillageId.optional(),
    agreementId: AgreementId.optional(),
    lotCodes: z.array(LotCode).optional(),
    crop: CropId.optional(),
    harvestedFrom: IsoDate.optional(),
    harvestedTo: IsoDate.optional(),
  }),
  reason: LocalizedText,
  lotCount: z.number().int(),
  recalledCount: z.number().int(),
  createdAt: z.iso.datetime(),
  completedAt: z.iso.datetime().optional(),
});

export const RecallPage = page(Recall);
export const RecalledLot = z.object({ lotCode: LotCode, recalledAt: z.iso.datetime() });
export const RecalledLotPage = page(RecalledLot);

export type RecallScopeData = z.infer<typeof RecallScope>;
export type RecalledLotData = z.infer<typeof RecalledLot>;

export interface RecallRecord {
  recallId: string;
  clientRecallId: string;
  /** The request's scope and reason, hashed, so a replay under the same clientRecallId can be told from reuse. */
  requestSha256: string;
  scope: RecallScopeData;
  reason: Localized;
  status: 'running' | 'completed';
  /** Lots found in scope so far; equal to recalledCount once completed. */
  lotCount: number;
  recalledCount: number;
  createdAt: string;
  createdBy: string;
  completedAt?: string;
}

/**
 * A village or agreement scope as it stays active: lots recorded later inside it are recalled at
 * intake. Lot-code scopes cannot match a new lot, so they are never active.
 */
export interface ActiveScope {
  recallId: string;
  agreementId?: string;
  crop?: string;
  harvestedFrom?: string;
  harvestedTo?: string;
  reason: Localized;
  createdBy: string;
}

/** Every active scope of a village; `version` grows with each new one, so intake can tell a stale copy. */
export interface VillageRecalls {
  version: number;
  scopes: ActiveScope[];
}

export const NO_RECALLS: VillageRecalls = { version: 0, scopes: [] };

/** What the use cases and the worker need of recall storage. */
export interface RecallRepository {
  /**
   * Stores a new recall with its clientRecallId claim and, for a village or agreement scope, adds the
   * scope to the village's active ones. False when the clientRecallId is taken.
   */
  create(recall: RecallRecord, active?: { villageId: string; scope: ActiveScope }): Promise<boolean>;
  get(recallId: string, consistent?: boolean): Promise<RecallRecord | undefined>;
  getByClientId(clientRecallId: string): Promise<RecallRecord | undefined>;
  /** One page of recalls, newest first. */
  list(limit: number, cursor?: string): Promise<Page<RecallRecord>>;
  /** One page of a recall's lots, by lot code. */
  lots(recallId: string, limit: number, cursor?: string): Promise<Page<RecalledLotData>>;
  /** The codes of every lot the recall has recalled so far (a resumed worker skips them). */
  recalledLotCodes(recallId: string): Promise<string[]>;
  /**
   * Recalls one lot for this recall, once: the lot and its scan projection show it, the lot joins the
   * recall's lots and its count. A lot that another recall already covers keeps that recall and still
   * joins this one. `already` when this recall had it before.
   */
  recallLot(recall: RecallRecord, lot: Pick<LotRecord, 'lotCode'>, at: string): Promise<'recalled' | 'already'>;
  setLotCount(recallId: string, lotCount: number): Promise<void>;
  /** Marks a running recall completed; its lot count becomes its recalled count. */
  complete(recallId: string, at: string): Promise<void>;
  villageRecalls(villageId: string): Promise<VillageRecalls>;
}

/** The hash a replayed request must match: its scope and reason, whatever the order of their keys. */
export function requestHash(input: { scope: RecallScopeData; reason: Localized }): string {
  const { scope, reason } = input;
  const canonical = [
    scope.villageId ?? null,
    scope.agreementId ?? null,
    scope.lotCodes ?? null,
    scope.crop ?? null,
    scope.harvestedFrom ?? null,
    scope.harvestedTo ?? null,
    reason.zh,
    reason.en,
  ];
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/** Whether a lot falls inside a scope: its agreement, crop and harvest date; the village is the caller's. */
export function scopeCovers(
  scope: Pick<ActiveScope, 'agreementId' | 'crop' | 'harvestedFrom' | 'harvestedTo'>,
  lot: Pick<LotRecord, 'agreementId' | 'crop' | 'harvestedOn'>,
): boolean {
  return (
    (scope.agreementId === undefined || scope.agreementId === lot.agreementId) &&
    (scope.crop === undefined || scope.crop === lot.crop) &&
    (scope.harvestedFrom === undefined || lot.harvestedOn >= scope.harvestedFrom) &&
    (scope.harvestedTo === undefined || lot.harvestedOn <= scope.harvestedTo)
  );
}

/** The active scope a village or agreement recall leaves behind; none for lot codes. */
export function activeScopeOf(recall: RecallRecord): ActiveScope | undefined {
  const { scope } = recall;
  if (scope.lotCodes) return undefined;
  return {
    recallId: recall.recallId,
    agreementId: scope.agreementId,
    crop: scope.crop,
    harvestedFrom: scope.harvestedFrom,
    harvestedTo: scope.harvestedTo,
    reason: recall.reason,
    createdBy: recall.createdBy,
  };
}

export function recallView(r: RecallRecord): z.infer<typeof Recall> {
  return {
    recallId: r.recallId,
    clientRecallId: r.clientRecallId,
    status: r.status,
    scope: r.scope,
    reason: r.reason,
    lotCount: r.lotCount,
    recalledCount: r.recalledCount,
    createdAt: r.createdAt,
    completedAt: r.completedAt,
  };
}
