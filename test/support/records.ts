// Hand-built records for the pure domain's tests: an agreement, its lots, and a helper that catches
// the Conflict a rule throws.
import type { z } from 'zod';
import type { AgreementRecord, CreateAgreement } from '../../shared/agreements/agreement';
import { newAgreement } from '../../shared/agreements/agreement';
import { newId, newLotCode } from '../../shared/codes';
import { Conflict } from '../../shared/errors';
import type { LotRecord } from '../../shared/lots/lot';
import { NO_RECALLS } from '../../shared/recalls/recall';

export const BASE_URL = 'https://scan.example.cn';
export const VILLAGE_ID = newId('vil');
export const AGREEMENT_ID = newId('agr');

export function agreementInput(overrides: Partial<z.infer<typeof CreateAgreement>> = {}): z.infer<typeof CreateAgreement> {
  return {
    villageId: VILLAGE_ID,
    crop: 'dekopon',
    committedKg: 1000,
    tolerancePct: 2.5,
    prices: [
      { grade: 'A', fenPerKg: 1_234 },
      { grade: 'B', fenPerKg: 800 },
    ],
    deliveryWindow: { from: '2025-01-10', to: '2025-02-10' },
    ...overrides,
  };
}

export const PUBLIC_PARTS = {
  village: {
    villageId: VILLAGE_ID,
    name: { zh: '龙鹄村', en: 'Longhu Village' },
    province: 'Sichuan',
    county: 'Danling',
    createdAt: '2025-01-01T00:00:00.000Z',
  },
  crop: { crop: 'dekopon', name: { zh: '不知火', en: 'Dekopon' }, recipes: [], updatedAt: '2025-01-01T00:00:00.000Z' },
  recalls: NO_RECALLS,
};

export function agreement(overrides: Partial<AgreementRecord> = {}): AgreementRecord {
  return {
    ...newAgreement(
      agreementInput(),
      {
        agreementId: AGREEMENT_ID,
        createdBy: 'ops-user',
        createdAt: '2025-01-01T00:00:00.000Z',
      },
      PUBLIC_PARTS,
    ),
    ...overrides,
  };
}

export function lotRecord(overrides: Partial<LotRecord> = {}): LotRecord {
  return {
    lotCode: newLotCode(),
    agreementId: AGREEMENT_ID,
    villageId: VILLAGE_ID,
    crop: 'dekopon',
    clientLotId: 'c-1',
    grade: 'A',
    grams: 12_345,
    fenPerKg: 1_234,
    expectedPayoutFen: 15_234,
    harvestedOn: '2025-01-15',
    recordedBy: 'village-user',
    recordedAt: '2025-01-15T08:00:00.000Z',
    ...overrides,
  };
}

/** The Conflict a call throws, so its code and details can be asserted together. */
export function refusal(call: () => unknown): Conflict {
  try {
    call();
  } catch (error) {
    if (error instanceof Conflict) return error;
    throw error;
  }
  throw new Error('expected a Conflict, but the call returned');
}

export const intake = { grade: 'A', grams: 10_000, harvestedOn: '2025-01-15' };
