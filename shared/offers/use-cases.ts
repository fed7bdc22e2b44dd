// Offering an agreement to a village, and the village accepting (which signs it) or declining it. An offer
// is settled once: a second accept answers the same agreement, and an offer that lapsed or was declined
// signs nothing.
import type { z } from 'zod';
import { agreementFor, referencedParts } from '../agreements/use-cases';
import { type Principal, assertVillageAccess } from '../auth';
import { newId } from '../codes';
import type { Clock, Repositories } from '../deps';
import { BadRequest, Conflict, NotFound } from '../errors';
import {
  agreementTerms,
  type CreateOffer,
  type DeclineOffer,
  MAX_OFFER_DAYS,
  newOffer,
  type OfferListQuery,
  type OfferRecord,
  type OfferRepository,
  offerView,
  statusAt,
} from './offer';

type Offers = { offers: OfferRepository } & Clock;
type Signing = Offers & Pick<Repositories, 'villages' | 'crops' | 'recalls'>;

const DAY_MS = 86_400_000;

export async function createOffer(deps: Signing, principal: Principal, input: z.infer<typeof CreateOffer>) {
  const now = deps.now();
  const expires = Date.parse(input.expiresAt);
  if (expires <= now.getTime()) throw BadRequest.invalid([{ path: 'expiresAt', message: 'must be in the future' }]);
  if (expires > now.getTime() + MAX_OFFER_DAYS * DAY_MS) {
    throw BadRequest.invalid([{ path: 'expiresAt', message: `must be within ${MAX_OFFER_DAYS} days` }]);
  }
  const { crop } = await referencedParts(deps, input);
  const offer = newOffer(input, { offerId: newId('off'), createdBy: principal.subject, createdAt: now.toISOString() }, crop.name);
  await deps.offers.create(offer);
  return offerView(offer, now);
}

export async function listOffers(
  { offers, now }: Offers,
  principal: Principal,
  villageId: string | undefined,
  query: z.infer<typeof OfferListQuery>,
) {
  if (villageId !== undefined) assertVillageAccess(principal, villageId);
  const at = now();
  const filter = query.status && { status: query.status, now: at.toISOString() };
  const page = await offers.list(villageId, query.limit ?? 20, query.cursor, filter);
  return { items: page.items.map((offer) => offerView(offer, at)), nextCursor: page.nextCursor };
}

/** Reads an offer the principal may answer, as last written: 404 when missing, 403 when it is another village's. */
async function loadOffer({ offers }: Offers, principal: Principal, offerId: string) {
  const offer = await offers.get(offerId, true);
  if (!offer) throw new NotFound('Offer');
  assertVillageAccess(principal, offer.villageId);
  return offer;
}

/** Refuses answering an offer that is no longer open: it lapsed, or was settled the other way. */
function assertStillOpen(offer: OfferRecord, now: Date, settled: OfferRecord['status']) {
  const status = statusAt(offer, now);
  if (status === 'expired')
    throw new Conflict('offer_expired', 'The offer expired before it was answered', { expiresAt: offer.validUntil });
  if (status !== 'open' && status !== settled) {
    throw new Conflict('offer_not_open', `The offer was already ${status}`, { status, agreementId: offer.agreementId });
  }
}

/**
 * Accepts an offer and signs its agreement in the same transaction. `signed` says whether this request
 * signed it: accepting an accepted offer again answers it as it stands, with the same agreement.
 */
export async function acceptOffer(deps: Signing, principal: Principal, offerId: string) {
  let offer = await loadOffer(deps, principal, offerId);
  // A lost race is answered from the offer as the winner left it: at most one more turn.
  for (let turn = 1; turn <= 2; turn++) {
    const now = deps.now();
    assertStillOpen(offer, now, 'accepted');
    if (offer.status === 'accepted') return { signed: false, offer: offerView(offer, now) };
    const agreement = await agreementFor(deps, principal, agreementTerms(offer));
    const at = now.toISOString();
    const outcome = await deps.offers.accept(offer, agreement, at, principal.subject);
    if (outcome.accepted) {
      const accepted = {
        ...offer,
        status: 'accepted' as const,
        agreementId: agreement.agreementId,
        acceptedAt: at,
        acceptedBy: principal.subject,
      };
      return { signed: true, offer: offerView(accepted, now) };
    }
    offer = outcome.stood ?? (await loadOffer(deps, principal, offerId));
  }
  throw new Error(`Offer ${offerId} was neither accepted nor settled`);
}

export async function declineOffer(deps: Offers, principal: Principal, offerId: string, input: z.infer<typeof DeclineOffer>) {
  const offer = await loadOffer(deps, principal, offerId);
  const now = deps.now();
  assertStillOpen(offer, now, 'declined');
  if (offer.status === 'declined') return offerView(offer, now);
  const stands = await deps.offers.decline(offerId, now.toISOString(), principal.subject, input.reason);
  if (!stands) throw new NotFound('Offer');
  assertStillOpen(stands, now, 'declined');
  return offerView(stands, now);
}
