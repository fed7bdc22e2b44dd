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

export async function createAgreement(
  {
    agreements,
    villages,
    crops,
    recalls,
    now,
  }: Agreements & {
    villages: Pick<VillageRepository, 'get'>;
    crops: Pick<CropRepository, 'get'>;
    recalls: Pick<RecallRepository, 'villageRecalls'>;
  } & Clock,
  principal: Principal,
  input: z.infer<typeof CreateAgreement>,
) {
  // The village and crop are read once here, so every lot's scan projection can be written at intake
  // without reading them again; so are the village's active recall scopes, which intake checks lots against.
  const [village, crop, villageRecalls] = await Promise.all([
    villages.get(input.villageId),
    crops.get(input.crop),
    recalls.villageRecalls(input.villageId),
  ]);
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
  const agreement = newAgreement(
    input,
    { agreementId: newId('agr'), createdBy: principal.subject, createdAt: now().toISOString() },
    { village, crop, recalls: villageRecalls },
  );
  await agreements.create(agreement);
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
