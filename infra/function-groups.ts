// What each function group may do, and the background workers' table access: the least each one's code
// needs, which the IAM tests check against the requests its handlers send.
import { Tracing } from 'aws-cdk-lib/aws-lambda';
import type { FunctionGroup } from '../shared/routes';
import { partitions } from '../shared/table/definition';
import type { TableAccess } from './constructs/api-function';

export interface GroupSettings {
  /** What the group's function is for. */
  readonly description: string;
  /** How much of the table it may use; none when absent. */
  readonly table?: TableAccess;
  /** @default Tracing.ACTIVE */
  readonly tracing?: Tracing;
  /** Whether it removes lot paths from the CDN's caches (on recall). */
  readonly invalidatesCdn?: boolean;
}

/**
 * What each group does and how much of the table it may touch. A Record, so a group added to the
 * route table does not compile until someone decides its access here.
 */
export const groups: Record<FunctionGroup, GroupSettings> = {
  // Each function is granted the table actions its code sends and no others: the infra tests run
  // every operation through its handler and hold the role to exactly the actions it sent.
  // The only writer of store secrets: it creates them with the store and rotates them.
  catalogue: {
    description: 'Villages, crops and stores',
    table: { everyPartition: ['GetItem', 'PutItem', 'UpdateItem'], queriesIndexes: true, writesSecrets: true },
  },
  agreements: {
    description: 'Fixed-price agreements and settlements',
    table: { everyPartition: ['GetItem', 'PutItem', 'UpdateItem'], queriesIndexes: true },
  },
  lots: {
    description: 'Harvest intake, dispatch, recalls and lot labels',
    table: { everyPartition: ['GetItem', 'PutItem', 'UpdateItem', 'ConditionCheckItem'] },
    invalidatesCdn: true,
  },
  // Traces query the lot indexes; a recall request checks its scope (BatchGetItem for lot codes), writes
  // the recall, its claim and the village's active scopes, and sends the job to the recall queue (bound
  // below); a recall's lots are read from its own partition (Query on the table).
  traceability: {
    description: 'Traces of lots at scope, and recalls',
    table: { everyPartition: ['GetItem', 'BatchGetItem', 'PutItem', 'UpdateItem', 'Query'], queriesIndexes: true },
  },
  // The only reader of store secrets, and a public endpoint: it may read the store's secret, the
  // lot and (on a retry) the stored receipt; write the receipt or exception; and, in the same
  // transaction, mark the lot received, add to the agreement's totals and show the receipt in the
  // lot's scan projection. Nothing else.
  receipts: {
    description: 'Signed shipment receipts from stores',
    table: {
      only: [
        { actions: ['GetItem'], partitions: [partitions.storeSecret, partitions.lot, partitions.receipt] },
        { actions: ['PutItem'], partitions: [partitions.receipt] },
        { actions: ['UpdateItem'], partitions: [partitions.lot, partitions.agreement, partitions.scan] },
      ],
    },
  },
  // Signed daily sales, authenticated as receipts are: it reads the store's secret and city, the catalogue's
  // crop ids (one batch) and, on a retry, the stored delivery; it puts the delivery and the store's day.
  sales: {
    description: 'Signed daily sales summaries from stores',
    table: {
      only: [
        { actions: ['GetItem'], partitions: [partitions.storeSecret, partitions.store, partitions.salesDelivery] },
        { actions: ['BatchGetItem'], partitions: [partitions.crop] },
        { actions: ['PutItem'], partitions: [partitions.salesDelivery, partitions.sales] },
      ],
    },
  },
  // Reads only: a crop's weekly figures (its own partition), its agreements (gsi2), the catalogue and a
  // village's agreements (gsi1), and the program's rows of a year (its own partition).
  demand: {
    description: 'Demand forecasts, crop recommendations and the program summary',
    table: { everyPartition: ['GetItem', 'Query'], queriesIndexes: true },
  },
  // Public and the hot path: it reads the allowlisted scan projection by key (one GetItem per CDN
  // miss, never a Query or Scan) and nothing else. No active tracing: at scan volume its cost has
  // not been measured against what it would tell us; the ops and webhook paths keep it.
  scan: {
    description: 'Public lot lookups for the shopper page',
    table: { only: [{ actions: ['GetItem'], partitions: [partitions.scan] }] },
    tracing: Tracing.DISABLED,
  },
  // An export request checks its scope (the anchor, or BatchGetItem for lot codes), writes the export
  // and its claim, and sends the job to the export queue (bound below); the list queries the exports'
  // index partition newest first; a ready export's download is a
  // presigned GET of its file, which its role must be able to read.
  exports: {
    description: 'FSMA 204 and EPCIS 2.0 exports for regulators and partners',
    table: { everyPartition: ['GetItem', 'BatchGetItem', 'PutItem'], queriesIndexes: true },
  },
  // Public, behind the page-route function: one GetItem of a lot's scan projection per CDN miss.
  resolver: {
    description: 'GS1 Digital Link resolver of the QR URLs',
    table: { only: [{ actions: ['GetItem'], partitions: [partitions.scan] }] },
  },
  // Serves the OpenAPI document built from the route table; it reads no data.
  docs: { description: 'The OpenAPI document' },
};

/**
 * The recall worker reads the scope's lots (index queries, BatchGetItem for lot codes) and the lots its
 * recall already has (Query on the recall's partition), and recalls each lot in a transaction of
 * updates and a put.
 */
export const recallWorkerAccess: TableAccess = {
  everyPartition: ['GetItem', 'BatchGetItem', 'PutItem', 'UpdateItem', 'Query'],
  queriesIndexes: true,
};

/**
 * The export worker reads the scope's lots (index queries of whole records, BatchGetItem for lot codes
 * and a recall's lots, Query on the recall's partition), each agreement and store once, and sets the
 * export's outcome.
 */
export const exportWorkerAccess: TableAccess = {
  everyPartition: ['GetItem', 'BatchGetItem', 'UpdateItem', 'Query'],
  queriesIndexes: true,
};
