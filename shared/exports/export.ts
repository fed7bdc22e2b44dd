// Exports: the traceability records of a scope (a village, an agreement, a store, a recall or listed lot
// codes, narrowed by harvest dates) written as one file for a regulator or a partner: the FDA FSMA 204
// sortable spreadsheet (CSV) or GS1 EPCIS 2.0 events (JSON-LD). An export is a job: the request stores it
// and a worker writes the file to the exports bucket; the file is then handed out as a presigned URL.
import { createHash } from 'node:crypto';
import * as z from 'zod';
import {
  AgreementId,
  ExportId,
  exactlyOneOf,
  harvestRange,
  IsoDate,
  LotCode,
  type Page,
  page,
  RecallId,
  StoreId,
  VillageId,
} from '../fields';

export const EXPORT_FORMATS = ['fsma204-csv', 'epcis-2.0-jsonld'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The most lot codes one export may list: what fits a request body comfortably. */
export const MAX_EXPORT_LOT_CODES = 1000;

export const EXPORT_ANCHORS = ['villageId', 'agreementId', 'storeId', 'recallId', 'lotCodes'] as const;

export const ExportScope = z
  .strictObject({
    villageId: VillageId.optional(),
    agreementId: AgreementId.optional(),
    storeId: StoreId.optional(),
    recallId: RecallId.optional(),
    lotCodes: z
      .array(LotCode)
      .min(1)
      .max(MAX_EXPORT_LOT_CODES)
      .refine((codes) => new Set(codes).size === codes.length, 'lot codes must be unique')
      .optional(),
    harvestedFrom: IsoDate.optional(),
    harvestedTo: IsoDate.optional(),
  })
  .superRefine(exactlyOneOf([...EXPORT_ANCHORS]))
  .superRefine(harvestRange);

export const CreateExport = z.strictObject({
  clientExportId: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'expected 1–64 letters, digits or _ . : -'),
  format: z.enum(EXPORT_FORMATS),
  scope: ExportScope,
});

export const Export = z.object({
  exportId: ExportId,
  clientExportId: z.string(),
  status: z.enum(['running', 'ready', 'failed']),
  format: z.enum(EXPORT_FORMATS),
  scope: z.object({
    villageId: VillageId.optional(),
    agreementId: AgreementId.optional(),
    storeId: StoreId.optional(),
    recallId: RecallId.optional(),
    lotCodes: z.array(LotCode).optional(),
    harvestedFrom: IsoDate.optional(),
    harvestedTo: IsoDate.optional(),
  }),
  createdAt: z.iso.datetime(),
  /** Lots in the file, rows (CSV) or events (EPCIS) in it, its size and its SHA-256 (hex); 0 and absent while running. */
  lotCount: z.number().int(),
  rowCount: z.number().int(),
  bytes: z.number().int(),
  sha256: z.string().optional(),
  completedAt: z.iso.datetime().optional(),
  /** A presigned S3 GET of the file, minted for this response; only when ready. */
  downloadUrl: z.url().optional(),
  downloadExpiresAt: z.iso.datetime().optional(),
  /** Why a failed export failed. */
  error: z.string().optional(),
});

/** A page of exports as listed: no download links, which are minted per read of one export. */
export const ExportPage = page(Export);

export type ExportScopeData = z.infer<typeof ExportScope>;
export type ExportView = z.infer<typeof Export>;

export interface ExportRecord {
  exportId: string;
  clientExportId: string;
  /** The request's format and scope, hashed, so a replay under the same clientExportId can be told from reuse. */
  requestSha256: string;
  format: ExportFormat;
  scope: ExportScopeData;
  status: 'running' | 'ready' | 'failed';
  createdAt: string;
  createdBy: string;
  lotCount: number;
  rowCount: number;
  bytes: number;
  sha256?: string;
  /** The file's key in the exports bucket, once written. */
  objectKey?: string;
  completedAt?: string;
  error?: string;
}

/** What a finished file holds, as the worker measured it while writing. */
export interface ExportFile {
  readonly objectKey: string;
  readonly lotCount: number;
  readonly rowCount: number;
  readonly bytes: number;
  readonly sha256: string;
}

/** What the use cases and the worker need of export storage. */
export interface ExportRepository {
  /** Stores a new export with its clientExportId claim; false when the clientExportId is taken. */
  create(record: ExportRecord): Promise<boolean>;
  get(exportId: string, consistent?: boolean): Promise<ExportRecord | undefined>;
  getByClientId(clientExportId: string): Promise<ExportRecord | undefined>;
  /** One page of exports, newest first. */
  list(limit: number, cursor?: string): Promise<Page<ExportRecord>>;
  /** Marks a running export ready with its file; a finished one stays as it is. */
  complete(exportId: string, file: ExportFile, at: string): Promise<void>;
  /** Marks a running export failed, for a scope that cannot be exported. */
  fail(exportId: string, error: string, at: string): Promise<void>;
}

/** Where export files live: written by the worker as a stream, handed out as short-lived links. */
export interface ExportFiles {
  /** Writes the object from the chunks as they come, without holding them all at once. */
  write(objectKey: string, chunks: AsyncIterable<string>, contentType: string): Promise<void>;
  /** A URL that reads this object, and only it, for `seconds`; the browser saves it as `filename`. */
  presign(objectKey: string, seconds: number, filename: string): Promise<string>;
}

/** How long a download link works: S3 allows up to 7 days, the contract 15 minutes. */
export const DOWNLOAD_SECONDS = 10 * 60;

export const FILE_TYPES: Record<ExportFormat, { readonly extension: string; readonly contentType: string }> = {
  'fsma204-csv': { extension: 'csv', contentType: 'text/csv; charset=utf-8' },
  'epcis-2.0-jsonld': { extension: 'jsonld', contentType: 'application/ld+json' },
};

/** The file's name as a regulator receives it. */
export const fileName = (record: Pick<ExportRecord, 'exportId' | 'format'>) =>
  `${record.format === 'fsma204-csv' ? 'fsma204' : 'epcis'}-${record.exportId}.${FILE_TYPES[record.format].extension}`;

/** The one key an export's file is written under: a rerun overwrites it, and no other export shares it. */
export const objectKeyOf = (record: Pick<ExportRecord, 'exportId' | 'format'>) => `exports/${record.exportId}/${fileName(record)}`;

/** The hash a replayed request must match: its format and scope, whatever the order of their keys. */
export function requestHash(input: { format: ExportFormat; scope: ExportScopeData }): string {
  const { format, scope } = input;
  const canonical = [
    format,
    scope.villageId ?? null,
    scope.agreementId ?? null,
    scope.storeId ?? null,
    scope.recallId ?? null,
    scope.lotCodes ?? null,
    scope.harvestedFrom ?? null,
    scope.harvestedTo ?? null,
  ];
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

export function exportView(r: ExportRecord, download?: { url: string; expiresAt: string }): ExportView {
  return {
    exportId: r.exportId,
    clientExportId: r.clientExportId,
    status: r.status,
    format: r.format,
    scope: r.scope,
    createdAt: r.createdAt,
    lotCount: r.lotCount,
    rowCount: r.rowCount,
    bytes: r.bytes,
    sha256: r.sha256,
    completedAt: r.completedAt,
    downloadUrl: download?.url,
    downloadExpiresAt: download?.expiresAt,
    error: r.error,
  };
}
