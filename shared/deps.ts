// What use cases are given: the entity repositories (DynamoDB in the functions and the local server,
// fakes in unit tests), a clock, and where QR codes point. Each use case asks for the parts it uses.
import type { AgreementRepository } from './agreements/agreement';
import type { CropRepository } from './crops/crop';
import type { DemandRepository, ScanLogRepository } from './demand/figures';
import type { ExportRepository } from './exports/export';
import type { LotRepository } from './lots/lot';
import type { RecallRepository } from './recalls/recall';
import type { ReceiptRepository } from './receipts/receipt';
import type { SalesRepository } from './sales/sales';
import type { ScanRepository } from './scan/projection';
import type { StoreRepository } from './stores/store';
import type { VillageRepository } from './villages/village';

export interface Clock {
  readonly now: () => Date;
}

export interface Repositories {
  readonly villages: VillageRepository;
  readonly crops: CropRepository;
  readonly stores: StoreRepository;
  readonly agreements: AgreementRepository;
  readonly lots: LotRepository;
  readonly receipts: ReceiptRepository;
  readonly sales: SalesRepository;
  readonly demand: DemandRepository;
  readonly scanLogs: ScanLogRepository;
  readonly scans: ScanRepository;
  readonly recalls: RecallRepository;
  readonly exports: ExportRepository;
}

export interface Deps extends Repositories, Clock {
  /** The origin shoppers' QR codes and labels point at. */
  readonly publicBaseUrl: string;
}
