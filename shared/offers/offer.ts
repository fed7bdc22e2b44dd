// Offers: the terms of an agreement that ops put to a village, usually from a recommendation. The village's
// staff accept it, and the agreement is signed in the same transaction, or decline it; an offer not taken
// by its expiry lapses. Kept in grams and basis points like the agreement it becomes; shown in kg.
import * as z from 'zod';
import { Agreement, type AgreementRecord, CreateAgreement } from '../agreements/agreement';
import { toGtin14 } from '../codes';
import { AgreementId, ListQuery, LocalizedText, localized, OfferId, type Page, page, text } from '../fields';
import { gramsToKg, kgToGrams, pctToBasisPoints } from '../money';

/** The longest an offer may stay open. */
export const MAX_OFFER_DAYS = 90;

export const CreateOffer = CreateAgreement.extend({
  expiresAt: z.iso.datetime({ offset: true }),
  /** Why the village is offered this, in its words: usually the reasons of the recommendation it came from. */
  reasons: localized(1000).optional(),
});
export const DeclineOffer = z.strictObject({ reason: text(500).optional() });

export const OFFER_STATUSES = ['open', 'accepted', 'declined', 'expired'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];
export const OfferListQuery = ListQuery.extend({ status: z.enum(OFFER_STATUSES).optional() });

export const Offer = Agreement.pick({
  villageId: true,
  crop: true,
  variety: true,
  gtin: true,
  committedKg: true,
  tolerancePct: true,
  prices: true,
  deliveryWindow: true,
}).extend({
  offerId: OfferId,
  /** The crop's name when the offer was made; absent on offers made before it was kept. */
  cropName: LocalizedText.optional(),
  reasons: z.object({ zh: z.string(), en: z.string() }).optional(),
  expiresAt: z.iso.datetime({ offset: true }),
  /** `expired`: still open when its time ran out. */
  status: z.enum(OFFER_STATUSES),
  /** The agreement its acceptance signed. */
  agreementId: AgreementId.optional(),
  createdAt: z.iso.datetime(),
  acceptedAt: z.iso.datetime().optional(),
  declinedAt: z.iso.datetime().optional(),
  declineReason: z.string().optional(),
});

export const OfferPage = page(Offer);

/** The terms an offer puts, as the agreement it becomes keeps them. */
type Terms = Pick<
  AgreementRecord,
  'villageId' | 'crop' | 'variety' | 'gtin' | 'committedGrams' | 'toleranceBasisPoints' | 'prices' | 'deliveryWindow'
>;

export interface OfferRecord extends Terms {
  offerId: string;
  /** The crop's name when the offer was made, for the village's screens; offers made before it was kept have none. */
  cropName?: { zh: string; en: string };
  reasons?: { zh: string; en: string };
  /** When the offer lapses (ISO 8601). Not `expiresAt`, which is the table's time-to-live attribute. */
  validUntil: string;
  /** As stored; an open offer past `validUntil` is shown as expired. */
  status: 'open' | 'accepted' | 'declined';
  agreementId?: string;
  createdAt: string;
  createdBy: string;
  acceptedAt?: string;
  acceptedBy?: string;
  declinedAt?: string;
  declinedBy?: string;
  declineReason?: string;
}

/** Which offers a list shows: by status as the caller sees it, which depends on the time. */
export interface OfferFilter {
  readonly status: OfferStatus;
  readonly now: string;
}

/** What the use cases need of offer storage. */
export interface OfferRepository {
  /** Writes a new offer; its id is fresh, so it never overwrites one. */
  create(offer: OfferRecord): Promise<void>;
  get(offerId: string, consistent?: boolean): Promise<OfferRecord | undefined>;
  /** One page of a village's offers, or of every offer, newest first. */
  list(villageId: string | undefined, limit: number, cursor?: string, filter?: OfferFilter): Promise<Page<OfferRecord>>;
  /**
   * In one transaction: marks the offer accepted, if it is still open and valid at `at`, and creates its
   * agreement. When the offer was not open and valid, nothing is written and the offer is returned as it stood.
   */
  accept(
    offer: OfferRecord,
    agreement: AgreementRecord,
    at: string,
    by: string,
  ): Promise<{ accepted: true } | { accepted: false; stood?: OfferRecord }>;
  /** Marks the offer declined if it is still open and valid at `at`; otherwise writes nothing. The offer as it then stands. */
  decline(offerId: string, at: string, by: string, reason?: string): Promise<OfferRecord | undefined>;
}

/** What a stored offer is, seen at `now`. */
export const statusAt = (offer: Pick<OfferRecord, 'status' | 'validUntil'>, now: Date): OfferStatus =>
  offer.status === 'open' && Date.parse(offer.validUntil) <= now.getTime() ? 'expired' : offer.status;

export function newOffer(
  input: z.infer<typeof CreateOffer>,
  ids: { offerId: string; createdBy: string; createdAt: string },
  cropName?: { zh: string; en: string },
): OfferRecord {
  const { expiresAt, committedKg, tolerancePct, gtin, ...terms } = input;
  return {
    offerId: ids.offerId,
    ...(cropName && { cropName }),
    ...terms,
    // The schema has already proven these conversions succeed.
    committedGrams: kgToGrams(committedKg) as number,
    toleranceBasisPoints: pctToBasisPoints(tolerancePct) as number,
    gtin: gtin === undefined ? undefined : toGtin14(gtin),
    validUntil: new Date(expiresAt).toISOString(),
    status: 'open',
    createdAt: ids.createdAt,
    createdBy: ids.createdBy,
  };
}

/** The offer's terms as an agreement request, exactly: grams and basis points go back to kg and percent losslessly. */
export function agreementTerms(offer: OfferRecord): z.infer<typeof CreateAgreement> {
  return {
    villageId: offer.villageId,
    crop: offer.crop,
    variety: offer.variety,
    gtin: offer.gtin,
    committedKg: gramsToKg(offer.committedGrams),
    tolerancePct: offer.toleranceBasisPoints / 100,
    prices: offer.prices,
    deliveryWindow: offer.deliveryWindow,
  };
}

export function offerView(offer: OfferRecord, now: Date): z.infer<typeof Offer> {
  return {
    offerId: offer.offerId,
    ...agreementTerms(offer),
    cropName: offer.cropName,
    reasons: offer.reasons,
    expiresAt: offer.validUntil,
    status: statusAt(offer, now),
    agreementId: offer.agreementId,
    createdAt: offer.createdAt,
    acceptedAt: offer.acceptedAt,
    declinedAt: offer.declinedAt,
    declineReason: offer.declineReason,
  };
}
