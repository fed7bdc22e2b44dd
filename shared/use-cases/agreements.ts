// Fixed-price agreements: signing, reading with progress, listing, cancelling, settlement.
import type { z } from 'zod';
import { assertVillageAccess, type Principal } from '../auth';
import { newId } from '../codes';
import { agreementView, newAgreement, settlement, type AgreementRecord } from '../domain';
import { BadRequest, NotFound } from '../errors';
import type * as s from '../schemas';
import type { Deps } from './deps';

export async function createAgreement({ repo, now }: Deps, principal: Principal, input: z.infer<typeof s.CreateAgreement>) {
  // The village and crop are read once here, so every lot's scan projection can be written at intake
  // without reading them again.
  const [village, crop] = await Promise.all([repo.getVillage(input.villageId), repo.getCrop(input.crop)]);
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
    { village, crop },
  );
  await repo.createAgreement(agreement);
  return agreementView(agreement);
}

/** Reads an agreement the principal may see: 404 when missing, 403 when it is another village's. */
export async function loadAgreement({ repo }: Deps, principal: Principal, agreementId: string, consistent = false) {
  const agreement = await repo.getAgreement(agreementId, consistent);
  if (!agreement) throw new NotFound('Agreement');
  assertVillageAccess(principal, agreement.villageId);
  return agreement;
}

export async function getAgreement(deps: Deps, principal: Principal, agreementId: string) {
  return agreementView(await loadAgreement(deps, principal, agreementId));
}

export async function listVillageAgreements({ repo }: Deps, principal: Principal, villageId: string, query: z.infer<typeof s.ListQuery>) {
  assertVillageAccess(principal, villageId);
  const page = await repo.listAgreements(villageId, query.limit ?? 20, query.cursor);
  return { items: page.items.map(agreementView), nextCursor: page.nextCursor };
}

/** Cancelling is idempotent: cancelling a cancelled agreement returns it unchanged. */
export async function cancelAgreement({ repo, now }: Deps, agreementId: string, input: z.infer<typeof s.CancelAgreement>) {
  const agreement: AgreementRecord | undefined = await repo.cancelAgreement(agreementId, now().toISOString(), input.reason);
  if (!agreement) throw new NotFound('Agreement');
  return agreementView(agreement);
}

export async function getSettlement(deps: Deps, principal: Principal, agreementId: string) {
  await loadAgreement(deps, principal, agreementId);
  return settlement(agreementId, await deps.repo.listLots(agreementId));
}
