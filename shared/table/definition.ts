// The single table's shape, read by the CDK table construct and by the local stack, so both
// create exactly the same keys and indexes.

export const tableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /**
   * gsi1: agreements by village (newest first), lots by agreement and by harvest date, receipt exceptions,
   * recalls, and the village, store and crop lists. gsi2: lots by village and harvest date (trace forward).
   * gsi3: lots by the store they were shipped to or received at, and harvest date (trace back); only
   * dispatched or received lots carry it. DynamoDB adds one index per table update: a table created
   * before an index existed gets it over as many deploys as indexes are new (docs/operations.md).
   */
  globalSecondaryIndexes: [
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    { indexName: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
  ],
  /** Epoch seconds; items that carry it expire (used by short-lived records). */
  timeToLiveAttribute: 'expiresAt',
  /**
   * Every change, with the item before and after it, goes to the table's stream, which the demand
   * aggregator reads (functions/demand-aggregator.ts; locally scripts/local/streams.ts polls it).
   */
  streamViewType: 'NEW_AND_OLD_IMAGES',
} as const;

/**
 * Partition-key prefixes of the item types. The repository builds every key from these, and the
 * IAM conditions that keep store secrets readable by one function only name them too.
 */
export const partitions = {
  village: 'VILLAGE#',
  crop: 'CROP#',
  store: 'STORE#',
  storeSecret: 'STORESECRET#',
  agreement: 'AGREEMENT#',
  lot: 'LOT#',
  receipt: 'RECEIPT#',
  scan: 'SCAN#',
  recall: 'RECALL#',
  recallRequest: 'RECALLREQUEST#',
  /** A store's sales of one day, replaced by a later delivery for the same day. */
  sales: 'SALES#',
  /** One item per signed sales delivery (store, webhook id): the record of what was received. */
  salesDelivery: 'SALESDELIVERY#',
  /** Weekly demand figures of a crop, in total and per city, kept by the stream aggregator. */
  demand: 'DEMAND#',
  /** Marks of stream records the aggregator has applied, so a redelivered record changes nothing. */
  aggregated: 'AGGREGATED#',
  /** The scan counts of one CDN log file. */
  scanLog: 'SCANLOG#',
  offer: 'OFFER#',
  export: 'EXPORT#',
  exportRequest: 'EXPORTREQUEST#',
} as const;

export type IndexName = (typeof tableDefinition.globalSecondaryIndexes)[number]['indexName'];

/** The CreateTable input DynamoDB Local needs for the same definition (on-demand billing). */
export function createTableInput(tableName: string) {
  const { partitionKey, sortKey, globalSecondaryIndexes } = tableDefinition;
  const attributes = new Set<string>([partitionKey, sortKey]);
  for (const gsi of globalSecondaryIndexes) {
    attributes.add(gsi.partitionKey);
    attributes.add(gsi.sortKey);
  }
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    StreamSpecification: { StreamEnabled: true, StreamViewType: tableDefinition.streamViewType },
    AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: 'S' as const })),
    KeySchema: [
      { AttributeName: partitionKey, KeyType: 'HASH' as const },
      { AttributeName: sortKey, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: globalSecondaryIndexes.map((gsi) => ({
      IndexName: gsi.indexName,
      KeySchema: [
        { AttributeName: gsi.partitionKey, KeyType: 'HASH' as const },
        { AttributeName: gsi.sortKey, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
  };
}
