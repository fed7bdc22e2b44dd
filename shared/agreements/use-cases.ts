// Signing, reading, listing and cancelling agreements, and their settlement.
import type { z } from 'zod';
import { type Principal, assertVillageAccess } from '../auth';
import { newId } from '../codes';
import type { CropRepository } from '../crops/crop';
import type { Clock } from '../deps';
import { BadRequest, NotFound } from '../errors';
import type { ListQuery } from '../fields';
import type { LotRepository } from '../lots/lot';
import type { RecallRepository } from '../recalls/recall';
import type { VillageRepository } from '../villages/village';
import { type AgreementRepository, type CancelAgreement, type CreateAgreement, agreementView, newAgreement } from './agreement';
import { settlement } from './settlement';

type Agreements = { agreements: AgreementRepository };
type References = { villages: Pick<VillageRepository, 'get'>; crops: Pick<CropRepository, 'get'> };
/** What signing an agreement reads: its village, its crop and the village's active recall scopes. */
type Signing = References & { recalls: Pick<RecallRepository, 'villageRecalls'> } & Clock;

/** The village and crop an agreement (or an offer of one) names; 400 naming each that does not exist. */
export async function referencedParts({ villages, crops }: References, input: { villageId: string; crop: string }) {
  const [village, crop] = await Promise.all([villages.get(input.villageId), crops.get(input.crop)]);
  if (!village || !crop) {
    throw new BadRequest(
      'The agreement refers to records that do not exist',
      [
        ...(village ? [] : [{ path: 'villageId', message: 'no such village' }]),
        ...(crop ? [] : [{ path: 'crop', message: 'no such crop in the catalogue' }]),
      ],
      'unknown_reference',
    );
  }
  return { village, crop };
}

/**
 * A new agreement signed by `principal`, with the public parts of its village and crop, which every lot's
 * scan projection is written from at intake without reading them again, and the village's active recall
 * scopes, which intake checks lots against.
 */
export async function agreementFor(deps: Signing, principal: Principal, input: z.infer<typeof CreateAgreement>) {
  const [{ village, crop }, villageRecalls] = await Promise.all([
    referencedParts(deps, input),
    deps.recalls.villageRecalls(input.villageId),
  ]);
  return newAgreement(
    input,
    { agreementId: newId('agr'), createdBy: principal.subject, createdAt: deps.now().toISOString() },
    { village, crop, recalls: villageRecalls },
  );
}

export async function createAgreement(deps: Agreements & Signing, principal: Principal, input: z.infer<typeof CreateAgreement>) {
  const agreement = await agreementFor(deps, principal, input);
  await deps.agreements.create(agreement);
  return agreementView(agreement);
}

/** Reads an agreement the principal may see: 404 when missing, 403 when it is another village's. */
export async function loadAgreement({ agreements }: Agreements, principal: Principal, agreementId: string, consistent = false) {
  const agreement = await agreements.get(agreementId, consistent);
  if (!agreement) throw new NotFound('Agreement');
  assertVillageAccess(principal, agreement.villageId);
  return agreement;
}

export async function getAgreement(deps: Agreements, principal: Principal, agreementId: string) {
  return agreementView(await loadAgreement(deps, principal, agreementId));
}

export async function listVillageAgreements(
  { agreements }: Agreements,
  principal: Principal,
  villageId: string,
  query: z.infer<typeof ListQuery>,
) {
  assertVillageAccess(principal, villageId);
  const page = await agreements.listByVillage(villageId, query.limit ?? 20, query.cursor);
  return { items: page.items.map(agreementView), nextCursor: page.nextCursor };
}

/** Cancelling is idempotent: cancelling a cancelled agreement returns it unchanged. */
export async function cancelAgreement(
  { agreements, now }: Agreements & Clock,
  agreementId: string,
  input: z.infer<typeof CancelAgreement>,
) {
  const agreement = await agreements.cancel(agreementId, now().toISOString(), input.reason);
  if (!agreement) throw new NotFound('Agreement');
  return agreementView(agreement);
}

export async function getSettlement(deps: Agreements & { lots: LotRepository }, principal: Principal, agreementId: string) {
  await loadAgreement(deps, principal, agreementId);
  return settlement(agreementId, await deps.lots.listByAgreement(agreementId));
}
