// The request and response schemas of each operation in the route table: the dispatchers validate
// requests with them and the OpenAPI document is generated from them, so the contract and the checks
// cannot drift apart. A route without an entry here does not compile.
import type * as z from 'zod';
import { Agreement, AgreementPage, CancelAgreement, CreateAgreement } from './agreements/agreement';
import { Settlement } from './agreements/settlement';
import { Crop, CropPage, PutCrop } from './crops/crop';
import { ListQuery } from './fields';
import { DispatchLot, Lot, RecallLot, RecordLot } from './lots/lot';
import { ReceiptExceptionPage, ReceiptReply, ReceiptWebhook } from './receipts/receipt';
import type { OperationId } from './routes';
import { SalesExceptionPage, SalesReply, SalesWebhook } from './sales/sales';
import { ScanView } from './scan/schema';
import { CreateRecall, Recall, RecallPage, RecalledLotPage } from './recalls/recall';
import { CreateExport, Export, ExportPage } from './exports/export';
import { Linkset, ResolveQuery, ResolverDescription } from './resolver/linkset';
import { CreateStore, RotatedSecret, StoreCreated, StorePage } from './stores/store';
import { TracePage, TraceQuery } from './trace/trace';
import { CreateVillage, Village, VillagePage } from './villages/village';

export interface OperationSchemas {
  /** The JSON body. Store routes verify a signature over the raw body first and parse it themselves. */
  readonly body?: z.ZodType;
  readonly query?: z.ZodType;
  /** The success body, as JSON; operations without one answer another content type. */
  readonly response?: z.ZodType;
}

export const contract = {
  listVillages: { query: ListQuery, response: VillagePage },
  createVillage: { body: CreateVillage, response: Village },
  getVillage: { response: Village },
  listCrops: { query: ListQuery, response: CropPage },
  putCrop: { body: PutCrop, response: Crop },
  listStores: { query: ListQuery, response: StorePage },
  createStore: { body: CreateStore, response: StoreCreated },
  rotateStoreSecret: { response: RotatedSecret },
  createAgreement: { body: CreateAgreement, response: Agreement },
  getAgreement: { response: Agreement },
  listVillageAgreements: { query: ListQuery, response: AgreementPage },
  cancelAgreement: { body: CancelAgreement, response: Agreement },
  getSettlement: { response: Settlement },
  recordLot: { body: RecordLot, response: Lot },
  dispatchLot: { body: DispatchLot, response: Lot },
  getLot: { response: Lot },
  receiveReceipt: { body: ReceiptWebhook, response: ReceiptReply },
  listReceiptExceptions: { query: ListQuery, response: ReceiptExceptionPage },
  receiveSales: { body: SalesWebhook, response: SalesReply },
  listSalesExceptions: { query: ListQuery, response: SalesExceptionPage },
  recallLot: { body: RecallLot, response: Lot },
  getLabel: {},
  traceLots: { query: TraceQuery, response: TracePage },
  createRecall: { body: CreateRecall, response: Recall },
  listRecalls: { query: ListQuery, response: RecallPage },
  getRecall: { response: Recall },
  listRecallLots: { query: ListQuery, response: RecalledLotPage },
  createExport: { body: CreateExport, response: Export },
  listExports: { query: ListQuery, response: ExportPage },
  getExport: { response: Export },
  resolveLot: { query: ResolveQuery, response: Linkset },
  describeResolver: { response: ResolverDescription },
  scanLot: { response: ScanView },
  getOpenApi: {},
} as const satisfies Record<OperationId, OperationSchemas>;

/** An operation's schemas, typed loosely for code that handles every operation alike. */
export const schemasOf = (operationId: OperationId): OperationSchemas => contract[operationId];
