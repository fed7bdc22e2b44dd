// One request per operation of the route table that its function's handler answers with success,
// over stubbed clients answering the records below. A route added to the table does not compile here
// until it has a sample.
import type { ApiEvent } from '../../functions/commons/api';
import { chinaDate } from '../../shared/dates';
import type { ExportRecord } from '../../shared/exports/export';
import type { RecallRecord } from '../../shared/recalls/recall';
import { type OperationId, routeList } from '../../shared/routes';
import { sign } from '../../shared/stores/webhooks';
import { partitions } from '../../shared/table/definition';
import { apiEvent, OPS_CLAIMS } from './events';
import { agreement, lotRecord, PUBLIC_PARTS, VILLAGE_ID } from './records';

const STORE_ID = 'st-probe';
const SECRET = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;
export const GTIN = '06931234567899';
const unsigned = agreement();
/** An agreement whose product carries a GTIN, so its lots have Digital Link URIs to resolve. */
export const signed = agreement({
  gtin: GTIN,
  scanBase: { ...unsigned.scanBase, product: { ...unsigned.scanBase.product, gtin: GTIN } },
});
export const lot = lotRecord();
const dispatched = { ...lot, dispatch: { storeId: STORE_ID, at: '2025-01-16T08:00:00.000Z' } };
const now = new Date().toISOString();
const recall: RecallRecord = {
  recallId: 'rcl_0000000000000000',
  clientRecallId: 'probe',
  requestSha256: '0',
  scope: { lotCodes: [lot.lotCode] },
  reason: { zh: '召回', en: 'Recalled' },
  status: 'completed',
  lotCount: 1,
  recalledCount: 1,
  createdAt: now,
  createdBy: 'ops-1',
  completedAt: now,
};

export const exportRecord: ExportRecord = {
  exportId: 'exp_0000000000000000',
  clientExportId: 'probe',
  requestSha256: '0',
  format: 'fsma204-csv',
  scope: { villageId: VILLAGE_ID },
  status: 'ready',
  createdAt: now,
  createdBy: 'ops-1',
  lotCount: 1,
  rowCount: 2,
  bytes: 100,
  sha256: '0'.repeat(64),
  objectKey: 'exports/exp_0000000000000000/fsma204-exp_0000000000000000.csv',
  completedAt: now,
};

/** What a GetItem of each partition answers: a record every operation below can succeed with. */
export const itemOf: Record<string, unknown> = {
  [partitions.village]: PUBLIC_PARTS.village,
  [partitions.crop]: PUBLIC_PARTS.crop,
  [partitions.agreement]: signed,
  [partitions.lot]: lot,
  [partitions.store]: { storeId: STORE_ID, name: { zh: '门店', en: 'Store' }, city: 'Chengdu', createdAt: now },
  [partitions.storeSecret]: { current: SECRET },
  [partitions.recall]: recall,
  [partitions.export]: exportRecord,
};

export interface Sample {
  readonly params?: Record<string, string>;
  readonly query?: Record<string, string>;
  readonly body?: unknown;
  readonly claims?: Record<string, string>;
  /** Items that differ from `itemOf` for this request, by partition. */
  readonly items?: Record<string, unknown>;
  /** More requests of the same operation, for the paths this one does not take. */
  readonly also?: readonly Sample[];
}

const receipt = JSON.stringify({
  type: 'shipment.received',
  timestamp: now,
  data: { lotCode: lot.lotCode, receivedAt: now, acceptedKg: 10, rejectedKg: 0 },
});
const sales = JSON.stringify({
  type: 'sales.daily',
  timestamp: now,
  data: { date: chinaDate(new Date()), lines: [{ crop: 'dekopon', soldKg: 12.5, revenueFen: 30_000, wasteKg: 0.5 }] },
});
const ops = { claims: OPS_CLAIMS };

/** One request per operation that its handler answers with success. */
export const samples: Record<OperationId, Sample> = {
  listVillages: ops,
  listCrops: ops,
  listStores: ops,
  traceLots: { ...ops, query: { villageId: VILLAGE_ID, crop: 'dekopon' } },
  createRecall: {
    ...ops,
    body: { clientRecallId: 'probe-new', scope: { lotCodes: [lot.lotCode] }, reason: { zh: '召回', en: 'Recalled' } },
    // A village's recall also leaves its scope active, in the village's recall scopes.
    also: [{ ...ops, body: { clientRecallId: 'probe-village', scope: { villageId: VILLAGE_ID }, reason: { zh: '召回', en: 'Recalled' } } }],
  },
  listRecalls: ops,
  getRecall: { ...ops, params: { recallId: recall.recallId } },
  listRecallLots: { ...ops, params: { recallId: recall.recallId } },
  createVillage: { ...ops, body: { name: { zh: '村', en: 'Village' }, province: 'Sichuan', county: 'Danling' } },
  getVillage: { ...ops, params: { villageId: VILLAGE_ID } },
  putCrop: { ...ops, params: { crop: 'dekopon' }, body: { name: { zh: '不知火', en: 'Dekopon' }, recipes: [] } },
  createStore: { ...ops, body: { storeId: STORE_ID, name: { zh: '门店', en: 'Store' }, city: 'Chengdu' } },
  rotateStoreSecret: { ...ops, params: { storeId: STORE_ID } },
  createAgreement: {
    ...ops,
    body: {
      villageId: VILLAGE_ID,
      crop: 'dekopon',
      committedKg: 1000,
      tolerancePct: 0,
      prices: [{ grade: 'A', fenPerKg: 800 }],
      deliveryWindow: { from: '2025-01-10', to: '2099-12-31' },
    },
  },
  getAgreement: { ...ops, params: { agreementId: signed.agreementId } },
  listVillageAgreements: { ...ops, params: { villageId: VILLAGE_ID } },
  cancelAgreement: { ...ops, params: { agreementId: signed.agreementId }, body: {} },
  getSettlement: { ...ops, params: { agreementId: signed.agreementId } },
  recordLot: {
    ...ops,
    params: { agreementId: signed.agreementId },
    body: { clientLotId: 'c-probe', grade: 'A', quantityKg: 1, harvestedOn: '2025-01-15', destinationStoreId: STORE_ID },
  },
  dispatchLot: { ...ops, params: { lotCode: lot.lotCode }, body: { storeId: STORE_ID, dispatchedAt: now } },
  getLot: { ...ops, params: { lotCode: lot.lotCode } },
  receiveReceipt: { params: { storeId: STORE_ID }, body: receipt, items: { [partitions.lot]: dispatched } },
  listReceiptExceptions: ops,
  receiveSales: { params: { storeId: STORE_ID }, body: sales },
  listSalesExceptions: ops,
  recallLot: { ...ops, params: { lotCode: lot.lotCode }, body: { reason: { zh: '召回', en: 'Recalled' } } },
  getLabel: { ...ops, params: { lotCode: lot.lotCode } },
  createExport: {
    ...ops,
    body: { clientExportId: 'probe-export', format: 'fsma204-csv', scope: { villageId: VILLAGE_ID } },
    // Listed lot codes are checked to exist with a batch read.
    also: [{ ...ops, body: { clientExportId: 'probe-codes', format: 'epcis-2.0-jsonld', scope: { lotCodes: [lot.lotCode] } } }],
  },
  listExports: { ...ops, query: { limit: '5' } },
  getExport: { ...ops, params: { exportId: exportRecord.exportId } },
  resolveLot: { params: { gtin: GTIN, lotCode: lot.lotCode }, query: { linkType: 'all' } },
  describeResolver: {},
  scanLot: { params: { lotCode: lot.lotCode } },
  getOpenApi: {},
};

/** The API Gateway event of an operation's sample, signed when its route is a store webhook. */
export function eventOf(operationId: OperationId, sample: Sample = samples[operationId], headers: Record<string, string> = {}): ApiEvent {
  const route = routeList.find((r) => r.operationId === operationId)!;
  const body = typeof sample.body === 'string' ? sample.body : sample.body === undefined ? undefined : JSON.stringify(sample.body);
  if (route.access === 'store' && body !== undefined) {
    const id = `msg_${operationId}`;
    const at = new Date();
    headers = {
      ...headers,
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': sign(SECRET, id, at, body),
    };
  }
  return apiEvent(route, { params: sample.params ?? {}, query: sample.query, body, headers: { ...headers }, claims: sample.claims });
}
