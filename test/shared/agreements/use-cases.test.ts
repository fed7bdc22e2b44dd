// The agreement use cases over in-memory repositories: each asks only for the repositories it uses,
// so its rules are tested without DynamoDB (whose own truths are tested in test/integration/).
import { describe, expect, it } from 'vitest';
import type { AgreementRecord, AgreementRepository } from '../../../shared/agreements/agreement';
import { cancelAgreement, createAgreement, listVillageAgreements } from '../../../shared/agreements/use-cases';
import type { Principal } from '../../../shared/auth';
import type { CropRepository } from '../../../shared/crops/crop';
import { BadRequest, Forbidden, NotFound } from '../../../shared/errors';
import { NO_RECALLS } from '../../../shared/recalls/recall';
import type { VillageRepository } from '../../../shared/villages/village';
import { agreementInput, PUBLIC_PARTS, VILLAGE_ID } from '../../support/records';

const OPS: Principal = { role: 'ops', subject: 'ops-1' };
const now = () => new Date('2025-01-01T00:00:00.000Z');

function memoryAgreements(): AgreementRepository & { stored: Map<string, AgreementRecord>; reads: number } {
  const stored = new Map<string, AgreementRecord>();
  const repo = {
    stored,
    reads: 0,
    create: async (a: AgreementRecord) => void stored.set(a.agreementId, a),
    get: async (id: string) => stored.get(id),
    listByVillage: async (villageId: string) => {
      repo.reads++;
      return { items: [...stored.values()].filter((a) => a.villageId === villageId) };
    },
    listByCrop: async (crop: string, windowEndsFrom: string) =>
      [...stored.values()].filter((a) => a.crop === crop && a.deliveryWindow.to >= windowEndsFrom),
    setRecalls: async () => undefined,
    cancel: async (id: string, at: string) => {
      const a = stored.get(id);
      if (a?.status === 'active') stored.set(id, { ...a, status: 'cancelled', cancelledAt: at });
      return stored.get(id);
    },
  };
  return repo;
}

const villages: Pick<VillageRepository, 'get'> = {
  get: async (id) => (id === VILLAGE_ID ? PUBLIC_PARTS.village : undefined),
};
const recalls = { villageRecalls: async () => NO_RECALLS };
const crops: Pick<CropRepository, 'get'> = {
  get: async (crop) => (crop === 'dekopon' ? PUBLIC_PARTS.crop : undefined),
};

describe('agreement use cases', () => {
  it('signs an agreement with its village and crop copied into the scan base', async () => {
    const agreements = memoryAgreements();
    const view = await createAgreement({ agreements, villages, crops, recalls, now }, OPS, agreementInput());
    expect(view).toMatchObject({ status: 'active', committedKg: 1000, deliveredKg: 0, createdAt: now().toISOString() });
    expect(agreements.stored.get(view.agreementId)?.scanBase.village.name).toEqual(PUBLIC_PARTS.village.name);
  });

  it('names every unknown reference and writes nothing', async () => {
    const agreements = memoryAgreements();
    const refusal = await createAgreement(
      { agreements, villages, crops, recalls, now },
      OPS,
      agreementInput({ villageId: 'vil_none', crop: 'kiwi' }),
    ).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(BadRequest);
    expect((refusal as BadRequest).details).toEqual([
      { path: 'villageId', message: 'no such village' },
      { path: 'crop', message: 'no such crop in the catalogue' },
    ]);
    expect(agreements.stored.size).toBe(0);
  });

  it("refuses another village's staff before reading the list", async () => {
    const agreements = memoryAgreements();
    const staff: Principal = { role: 'village', subject: 's-1', villageId: 'vil_other' };
    await expect(listVillageAgreements({ agreements }, staff, VILLAGE_ID, {})).rejects.toBeInstanceOf(Forbidden);
    expect(agreements.reads).toBe(0);
  });

  it('cancels once, answers the same agreement again, and 404s a missing one', async () => {
    const agreements = memoryAgreements();
    const { agreementId } = await createAgreement({ agreements, villages, crops, recalls, now }, OPS, agreementInput());
    const first = await cancelAgreement({ agreements, now }, agreementId, {});
    const again = await cancelAgreement({ agreements, now: () => new Date('2025-02-01T00:00:00.000Z') }, agreementId, {});
    expect(first.status).toBe('cancelled');
    expect(again).toEqual(first);
    await expect(cancelAgreement({ agreements, now }, 'agr_missing', {})).rejects.toBeInstanceOf(NotFound);
  });
});
