// The records a fuzz run aims at, created through the API: villages, crops, stores with their secrets,
// active, small and cancelled agreements, lots in each state. It grows from the fuzzer's own 2xx answers,
// so later cases reach records that earlier cases created.
import { randomBytes } from 'node:crypto';
import type { OperationId } from '../../../shared/routes';
import { chinaDay, sampleCrop, sampleVillage, type Reply, type TestApi } from '../../support/api';
import { postReceipt, receiptBody } from '../../support/webhooks';
import type { IdKind, Ref } from './values';

/** Pools stop growing here, so the table (scanned after every refusal) stays small. */
const MAX_POOL = 24;

export interface World {
  readonly ids: Record<IdKind, string[]>;
  /** The village a village, agreement or lot belongs to. */
  readonly ownerOf: Map<string, string>;
  /** Each store's current webhook secret. */
  readonly secrets: Map<string, string>;
  /** `nextCursor`s seen on list answers. */
  readonly cursors: string[];
  /** Webhook ids already sent, per store, so a case can replay one. */
  readonly webhookIds: string[];
  resolve(ref: Ref): string;
  staffToken(villageId: string): Promise<string>;
  learn(operationId: OperationId, reply: Reply): void;
}

async function expectStatus(reply: Promise<Reply>, status: number, what: string): Promise<any> {
  const { status: got, body } = await reply;
  if (got !== status) throw new Error(`fuzz world: ${what} answered ${got}: ${JSON.stringify(body)}`);
  return body;
}

export async function createWorld(api: TestApi): Promise<World> {
  const ops = api.opsToken;
  const tag = randomBytes(3).toString('hex');
  const call = (method: string, path: string, body?: unknown, token = ops) => api.call(method, path, { token, body });

  await expectStatus(call('PUT', '/api/v1/crops/strawberry', sampleCrop), 200, 'crop');
  await expectStatus(call('PUT', '/api/v1/crops/kiwi', { name: { zh: '猕猴桃', en: 'Kiwifruit' }, recipes: [] }), 200, 'crop');
  const v1 = (await expectStatus(call('POST', '/api/v1/villages', sampleVillage('Fuzz')), 201, 'village')).villageId as string;
  const v2 = (await expectStatus(call('POST', '/api/v1/villages', sampleVillage('Other')), 201, 'village')).villageId as string;
  const storeA = `fz-a-${tag}`;
  const storeB = `fz-b-${tag}`;
  const secretA = (
    await expectStatus(
      call('POST', '/api/v1/stores', { storeId: storeA, name: { zh: '甲店', en: 'Store A' }, city: 'Shanghai' }),
      201,
      'store',
    )
  ).webhookSecret as string;
  const secretB = (
    await expectStatus(
      call('POST', '/api/v1/stores', { storeId: storeB, name: { zh: '乙店', en: 'Store B' }, city: 'Chengdu' }),
      201,
      'store',
    )
  ).webhookSecret as string;

  const window = { from: chinaDay(-30), to: chinaDay(30) };
  const agreement = async (villageId: string, crop: string, committedKg: number, extra: Record<string, unknown> = {}) =>
    (
      await expectStatus(
        call('POST', '/api/v1/agreements', {
          villageId,
          crop,
          committedKg,
          tolerancePct: 5,
          deliveryWindow: window,
          prices: [
            { grade: 'A', fenPerKg: 1234 },
            { grade: 'B', fenPerKg: 800 },
          ],
          ...extra,
        }),
        201,
        'agreement',
      )
    ).agreementId as string;
  const open = await agreement(v1, 'strawberry', 100_000, { gtin: '06931234567899', variety: 'Hongyan' });
  const small = await agreement(v2, 'kiwi', 50, { tolerancePct: 0, prices: [{ grade: 'A', fenPerKg: 3600 }] });
  const cancelled = await agreement(v1, 'strawberry', 100);

  const staff1 = await api.villageToken(v1);
  const staff2 = await api.villageToken(v2);
  const lot = async (agreementId: string, token: string, quantityKg: number, destinationStoreId?: string) =>
    (
      await expectStatus(
        call(
          'POST',
          `/api/v1/agreements/${agreementId}/lots`,
          {
            clientLotId: `fz-${randomBytes(4).toString('hex')}`,
            grade: 'A',
            quantityKg,
            harvestedOn: chinaDay(-2),
            destinationStoreId,
          },
          token,
        ),
        201,
        'lot',
      )
    ).lotCode as string;
  const harvested = await lot(open, staff1, 10, storeA);
  const shipped = await lot(open, staff1, 12.345, storeA);
  const received = await lot(open, staff1, 20, storeB);
  const smallLot = await lot(small, staff2, 5);
  const cancelledLot = await lot(cancelled, staff1, 1);
  const dispatchedAt = new Date().toISOString();
  await expectStatus(call('POST', `/api/v1/lots/${shipped}/dispatch`, { storeId: storeA, dispatchedAt }), 200, 'dispatch');
  await expectStatus(call('POST', `/api/v1/lots/${received}/dispatch`, { storeId: storeB, dispatchedAt }), 200, 'dispatch');
  await expectStatus(call('POST', `/api/v1/agreements/${cancelled}/cancel`, { reason: 'fuzz' }), 200, 'cancel');
  const receipt = receiptBody({ lotCode: received, receivedAt: dispatchedAt, acceptedKg: 19, rejectedKg: 1, rejectionReason: 'bruised' });
  await expectStatus(postReceipt(api, storeB, secretB, receipt), 200, 'receipt');
  const page = await expectStatus(call('GET', `/api/v1/villages/${v1}/agreements?limit=1`), 200, 'list');
  const recall = await expectStatus(
    call('POST', '/api/v1/recalls', {
      clientRecallId: `fz-${tag}`,
      scope: { lotCodes: [cancelledLot] },
      reason: { zh: '抽检', en: 'Spot check' },
    }),
    202,
    'recall',
  );
  const exported = await expectStatus(
    call('POST', '/api/v1/exports', { clientExportId: `fz-${tag}`, format: 'fsma204-csv', scope: { villageId: v1 } }),
    202,
    'export',
  );
  await api.system.jobs.idle();

  const ids: Record<IdKind, string[]> = {
    villageId: [v1, v2],
    agreementId: [open, small, cancelled],
    lotCode: [harvested, shipped, received, smallLot, cancelledLot],
    crop: ['strawberry', 'kiwi'],
    storeId: [storeA, storeB],
    recallId: [recall.recallId],
    exportId: [exported.exportId],
    gtin: ['06931234567899'],
  };
  const ownerOf = new Map<string, string>([
    [v1, v1],
    [v2, v2],
    [open, v1],
    [small, v2],
    [cancelled, v1],
    [harvested, v1],
    [shipped, v1],
    [received, v1],
    [smallLot, v2],
    [cancelledLot, v1],
  ]);
  const secrets = new Map([
    [storeA, secretA],
    [storeB, secretB],
  ]);
  const tokens = new Map([
    [v1, staff1],
    [v2, staff2],
  ]);
  const cursors: string[] = page.nextCursor ? [page.nextCursor] : [];
  const add = (list: string[], value: unknown) => {
    if (typeof value === 'string' && list.length < MAX_POOL && !list.includes(value)) list.push(value);
  };

  return {
    ids,
    ownerOf,
    secrets,
    cursors,
    webhookIds: [],
    resolve: (ref) => {
      const pool = ids[ref.kind];
      return pool[ref.index % pool.length] as string;
    },
    async staffToken(villageId) {
      let token = tokens.get(villageId);
      if (!token) {
        token = await api.villageToken(villageId);
        tokens.set(villageId, token);
      }
      return token;
    },
    learn(operationId, { status, body }) {
      if (status < 200 || status > 299 || typeof body !== 'object' || body === null) return;
      if (operationId === 'createVillage') {
        add(ids.villageId, body.villageId);
        ownerOf.set(body.villageId, body.villageId);
      } else if (operationId === 'putCrop') {
        add(ids.crop, body.crop);
      } else if (operationId === 'createStore' || operationId === 'rotateStoreSecret') {
        add(ids.storeId, body.storeId);
        secrets.set(body.storeId, body.webhookSecret);
      } else if (operationId === 'createAgreement') {
        add(ids.agreementId, body.agreementId);
        ownerOf.set(body.agreementId, body.villageId);
      } else if (operationId === 'createRecall') {
        add(ids.recallId, body.recallId);
      } else if (operationId === 'createExport') {
        add(ids.exportId, body.exportId);
      } else if (operationId === 'recordLot') {
        add(ids.lotCode, body.lotCode);
        ownerOf.set(body.lotCode, body.villageId);
      }
      if (typeof body.nextCursor === 'string') add(cursors, body.nextCursor);
    },
  };
}
