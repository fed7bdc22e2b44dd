// An offer keeps an agreement's terms as the agreement will (grams, basis points, GTIN-14) and gives them back
// exactly when it is accepted; an open offer past its time is expired.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CreateAgreement, newAgreement } from '../../../shared/agreements/agreement';
import { agreementTerms, newOffer, statusAt } from '../../../shared/offers/offer';
import { agreementInput, PUBLIC_PARTS } from '../../support/records';

const ids = { offerId: 'off_0000000000000000', createdBy: 'ops-1', createdAt: '2026-03-01T00:00:00.000Z' };
const expiresAt = '2026-03-08T12:00:00+08:00';

describe('an offer’s terms', () => {
  it('are kept in grams, basis points and GTIN-14, with the expiry as an instant in UTC', () => {
    const offer = newOffer({ ...agreementInput({ committedKg: 12.345, tolerancePct: 2.5, gtin: '6931234567899' }), expiresAt }, ids);
    expect(offer).toMatchObject({ committedGrams: 12_345, toleranceBasisPoints: 250, gtin: '06931234567899', status: 'open' });
    expect(offer.validUntil).toBe('2026-03-08T04:00:00.000Z');
  });

  it('become exactly the agreement they offer, for any volume and tolerance the API takes (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000_000_000 }).map((grams) => grams / 1000),
        fc.integer({ min: 0, max: 3000 }).map((bp) => bp / 100),
        (committedKg, tolerancePct) => {
          const input = agreementInput({ committedKg, tolerancePct });
          expect(CreateAgreement.safeParse(input).success).toBe(true);
          const terms = agreementTerms(newOffer({ ...input, expiresAt }, ids));
          expect(terms).toEqual({ ...input, variety: undefined, gtin: undefined });
          const signed = newAgreement(terms, { agreementId: 'agr_x', createdBy: 'v', createdAt: ids.createdAt }, PUBLIC_PARTS);
          const direct = newAgreement(input, { agreementId: 'agr_x', createdBy: 'v', createdAt: ids.createdAt }, PUBLIC_PARTS);
          expect(signed).toEqual(direct);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('statusAt', () => {
  it('shows an open offer as expired from its expiry on, and a settled one as settled', () => {
    const offer = newOffer({ ...agreementInput(), expiresAt }, ids);
    expect(statusAt(offer, new Date('2026-03-08T03:59:59.999Z'))).toBe('open');
    expect(statusAt(offer, new Date('2026-03-08T04:00:00.000Z'))).toBe('expired');
    expect(statusAt({ ...offer, status: 'accepted' }, new Date('2027-01-01'))).toBe('accepted');
  });
});
