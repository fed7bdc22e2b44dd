// The one table module's access patterns. Only this folder knows key strings (keys.ts); use cases
// ask the repository for records and it answers with records or with the outcome of a conditional write.
import { ConditionalCheckFailedException, TransactionCanceledException, type CancellationReason } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { BadRequest, ServiceUnavailable } from '../errors';
import type {
  AgreementRecord,
  CropRecord,
  LotReceipt,
  LotRecord,
  ReceiptRecord,
  Recall,
  ScanRecord,
  StoreRecord,
  VillageRecord,
} from '../domain';
import { partitions as p, tableDefinition } from './definition';
import { asTransient, key, strip } from './keys';

const GSI1 = tableDefinition.globalSecondaryIndexes[0].indexName;

/** Why a transaction was cancelled, per item, in the order the items were sent. */
type Outcome = { ok: true } | { ok: false; reasons: (CancellationReason | undefined)[] };

const MAX_TRANSACTION_ATTEMPTS = 10;

const encodeCursor = (lastKey: Record<string, unknown>) => Buffer.from(JSON.stringify(lastKey)).toString('base64url');

/** A cursor must decode to a key of the partition being listed, so it cannot page into another village. */
function decodeCursor(cursor: string, gsi1pk: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const names = ['pk', 'sk', 'gsi1pk', 'gsi1sk'];
  const valid =
    typeof parsed === 'object' &&
    parsed !== null &&
    Object.keys(parsed).length === names.length &&
    names.every((n) => typeof (parsed as Record<string, unknown>)[n] === 'string') &&
    (parsed as Record<string, string>).gsi1pk === gsi1pk;
  if (!valid) throw new BadRequest('Invalid cursor', [{ path: 'cursor', message: 'not a cursor returned by this list' }]);
  return parsed as Record<string, string>;
}

export type Repository = ReturnType<typeof createRepository>;

export function createRepository(client: DynamoDBDocumentClient, tableName: string) {
  const TableName = tableName;

  // Every request goes through here, so throttling maps to 503 in one place.
  const send = (async (command: Parameters<DynamoDBDocumentClient['send']>[0]) => {
    try {
      return await client.send(command);
    } catch (error) {
      throw asTransient(error) ?? error;
    }
  }) as DynamoDBDocumentClient['send'];

  async function get<T>(k: { pk: string; sk: string }, consistent = false): Promise<T | undefined> {
    const { Item } = await send(new GetCommand({ TableName, Key: k, ConsistentRead: consistent }));
    return strip<T>(Item);
  }

  /**
   * Runs a transaction, retrying only transaction conflicts (another transaction touched the same
   * item) with full jitter. Condition failures come back as reasons for the caller to interpret.
   */
  async function transact(items: TransactWriteCommandInput['TransactItems']): Promise<Outcome> {
    for (let attempt = 1; ; attempt++) {
      try {
        await send(new TransactWriteCommand({ TransactItems: items }));
        return { ok: true };
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        const conflicted = reasons.some((r) => r.Code === 'TransactionConflict');
        const conditionFailed = reasons.some((r) => r.Code === 'ConditionalCheckFailed');
        if (conditionFailed || !conflicted) return { ok: false, reasons };
        if (attempt >= MAX_TRANSACTION_ATTEMPTS) throw new ServiceUnavailable();
        const ceiling = Math.min(1000, 25 * 2 ** attempt);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
      }
    }
  }

  const failed = (outcome: Outcome, index: number) => !outcome.ok && outcome.reasons[index]?.Code === 'ConditionalCheckFailed';

  /** One page of an index partition, newest first; the cursor must come from the same partition. */
  async function newestFirst<T>(gsi1pk: string, prefix: string, limit: number, cursor?: string) {
    const page = await send(
      new QueryCommand({
        TableName,
        IndexName: GSI1,
        KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
        ExpressionAttributeValues: { ':pk': gsi1pk, ':prefix': prefix },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: cursor === undefined ? undefined : decodeCursor(cursor, gsi1pk),
      }),
    );
    return {
      items: (page.Items ?? []).map((item) => strip<T>(item) as T),
      nextCursor: page.LastEvaluatedKey ? encodeCursor(page.LastEvaluatedKey) : undefined,
    };
  }

  async function queryAll<T>(input: ConstructorParameters<typeof QueryCommand>[0]): Promise<T[]> {
    const items: T[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await send(new QueryCommand({ ...input, ExclusiveStartKey }));
      for (const item of page.Items ?? []) items.push(strip<T>(item) as T);
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  }

  return {
    async putVillage(village: VillageRecord): Promise<void> {
      await send(
        new PutCommand({
          TableName,
          Item: { ...key.village(village.villageId), entity: 'village', ...village },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },

    getVillage: (villageId: string) => get<VillageRecord>(key.village(villageId)),

    async putCrop(crop: CropRecord): Promise<void> {
      await send(new PutCommand({ TableName, Item: { ...key.crop(crop.crop), entity: 'crop', ...crop } }));
    },

    getCrop: (crop: string) => get<CropRecord>(key.crop(crop)),

    /** Creates a store and its webhook secret together; false when the store id is taken. */
    async createStore(store: StoreRecord, webhookSecret: string): Promise<boolean> {
      const outcome = await transact([
        {
          Put: {
            TableName,
            Item: { ...key.store(store.storeId), entity: 'store', ...store },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName,
            Item: { ...key.storeSecret(store.storeId), entity: 'storeSecret', current: webhookSecret, createdAt: store.createdAt },
          },
        },
      ]);
      return outcome.ok;
    },

    getStore: (storeId: string) => get<StoreRecord>(key.store(storeId)),

    /** The secrets a store may sign with now: the current one, and the previous one until it lapses. */
    async getStoreSecrets(storeId: string, at: Date): Promise<string[]> {
      const item = await get<{ current: string; previous?: string; previousExpiresAt?: string }>(key.storeSecret(storeId), true);
      if (!item) return [];
      const previousValid = item.previous && item.previousExpiresAt && item.previousExpiresAt > at.toISOString();
      return previousValid ? [item.current, item.previous as string] : [item.current];
    },

    /**
     * Makes `secret` current and keeps the old one valid until `previousExpiresAt`, without reading
     * either back. False when the store does not exist.
     */
    async rotateStoreSecret(storeId: string, secret: string, rotatedAt: string, previousExpiresAt: string): Promise<boolean> {
      try {
        await send(
          new UpdateCommand({
            TableName,
            Key: key.storeSecret(storeId),
            UpdateExpression: 'SET #previous = #current, previousExpiresAt = :expires, #current = :secret, rotatedAt = :now',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#current': 'current', '#previous': 'previous' },
            ExpressionAttributeValues: { ':secret': secret, ':expires': previousExpiresAt, ':now': rotatedAt },
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },

    /** Writes a new agreement; the use case has already read its village and crop. */
    async createAgreement(agreement: AgreementRecord): Promise<void> {
      await send(
        new PutCommand({
          TableName,
          Item: { ...key.agreement(agreement.agreementId), ...key.agreementByVillage(agreement), entity: 'agreement', ...agreement },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },

    getAgreement: (agreementId: string, consistent = false) => get<AgreementRecord>(key.agreement(agreementId), consistent),

    /** One page of a village's agreements, newest first. The cursor is opaque to callers. */
    listAgreements: (villageId: string, limit: number, cursor?: string) =>
      newestFirst<AgreementRecord>(`${p.village}${villageId}`, 'AGREEMENT#', limit, cursor),

    /** Sets an active agreement to cancelled; returns the agreement as it now stands, or undefined if missing. */
    async cancelAgreement(agreementId: string, at: string, reason?: string): Promise<AgreementRecord | undefined> {
      try {
        const { Attributes } = await send(
          new UpdateCommand({
            TableName,
            Key: key.agreement(agreementId),
            UpdateExpression: `SET #status = :cancelled, cancelledAt = :at${reason === undefined ? '' : ', cancelReason = :reason'}`,
            ConditionExpression: '#status = :active',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':cancelled': 'cancelled',
              ':active': 'active',
              ':at': at,
              ...(reason === undefined ? {} : { ':reason': reason }),
            },
            ReturnValues: 'ALL_NEW',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return strip<AgreementRecord>(Attributes);
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        // Missing, or already cancelled: either way the stored item (if any) is the answer.
        return error.Item ? strip<AgreementRecord>(unmarshall(error.Item)) : undefined;
      }
    },

    /**
     * Records a lot atomically: adds its weight and payout to the agreement only while the agreement
     * is active and has room, claims the clientLotId, writes the public scan projection, and (if
     * given) checks the destination store.
     */
    async recordLot(lot: LotRecord, scan: ScanRecord, maxDeliveredBefore: number) {
      const outcome = await transact([
        {
          Update: {
            TableName,
            Key: key.agreement(lot.agreementId),
            UpdateExpression: 'ADD deliveredGrams :grams, expectedPayoutFen :fen, lotCount :one',
            ConditionExpression: '#status = :active AND deliveredGrams <= :maxBefore',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':grams': lot.grams,
              ':fen': lot.expectedPayoutFen,
              ':one': 1,
              ':active': 'active',
              ':maxBefore': maxDeliveredBefore,
            },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        {
          Put: {
            TableName,
            Item: { ...key.clientLot(lot.villageId, lot.clientLotId), entity: 'clientLot', lotCode: lot.lotCode },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName,
            Item: { ...key.lot(lot.lotCode), ...key.lotByAgreement(lot), entity: 'lot', ...lot },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        { Put: { TableName, Item: { ...key.scan(lot.lotCode), entity: 'scan', ...scan } } },
        ...(lot.destinationStoreId
          ? [{ ConditionCheck: { TableName, Key: key.store(lot.destinationStoreId), ConditionExpression: 'attribute_exists(pk)' } }]
          : []),
      ]);
      if (outcome.ok) return { ok: true as const };
      const stored = outcome.reasons[0]?.Item;
      return {
        ok: false as const,
        clientLotTaken: failed(outcome, 1),
        lotCodeTaken: failed(outcome, 2),
        unknownStore: failed(outcome, 4),
        agreement: failed(outcome, 0) && stored ? strip<AgreementRecord>(unmarshall(stored)) : undefined,
      };
    },

    async getLotByClientId(villageId: string, clientLotId: string): Promise<LotRecord | undefined> {
      const claim = await get<{ lotCode: string }>(key.clientLot(villageId, clientLotId), true);
      return claim ? get<LotRecord>(key.lot(claim.lotCode), true) : undefined;
    },

    getLot: (lotCode: string, consistent = false) => get<LotRecord>(key.lot(lotCode), consistent),

    /** Sets the lot's dispatch once and adds the step, with the store's public name, to the scan projection. */
    async dispatchLot(lotCode: string, dispatch: { storeId: string; at: string }, store: StoreRecord): Promise<boolean> {
      const outcome = await transact([
        {
          Update: {
            TableName,
            Key: key.lot(lotCode),
            UpdateExpression: 'SET dispatch = :dispatch',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(dispatch)',
            ExpressionAttributeValues: { ':dispatch': dispatch },
          },
        },
        {
          Update: {
            TableName,
            Key: key.scan(lotCode),
            UpdateExpression: 'SET journey.shipped = :shipped, updatedAt = :now',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: {
              ':shipped': { at: dispatch.at, store: { name: store.name, city: store.city } },
              ':now': dispatch.at,
            },
          },
        },
      ]);
      return outcome.ok;
    },

    getReceipt: (storeId: string, webhookId: string) => get<ReceiptRecord>(key.receipt(storeId, webhookId), true),

    /** Stores a receipt that is not applied (an exception); false when its webhook id is already stored. */
    async putReceipt(receipt: ReceiptRecord): Promise<boolean> {
      try {
        await send(
          new PutCommand({
            TableName,
            Item: {
              ...key.receipt(receipt.storeId, receipt.webhookId),
              ...(receipt.status === 'exception' ? key.receiptException(receipt) : {}),
              entity: 'receipt',
              ...receipt,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },

    /**
     * Applies a receipt in one transaction: stores it (once per webhook id), marks the lot received
     * (once, if it still fits and was not shipped elsewhere) and adds to the agreement's totals.
     */
    async applyReceipt(receipt: ReceiptRecord, lot: LotRecord, applied: LotReceipt) {
      const outcome = await transact([
        {
          Put: {
            TableName,
            Item: { ...key.receipt(receipt.storeId, receipt.webhookId), entity: 'receipt', ...receipt },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Update: {
            TableName,
            Key: key.lot(lot.lotCode),
            UpdateExpression: 'SET receipt = :receipt',
            ConditionExpression:
              'attribute_exists(pk) AND attribute_not_exists(receipt) AND grams >= :total AND ' +
              '(attribute_not_exists(dispatch) OR dispatch.storeId = :store)',
            ExpressionAttributeValues: {
              ':receipt': applied,
              ':total': applied.acceptedGrams + applied.rejectedGrams,
              ':store': applied.storeId,
            },
          },
        },
        {
          Update: {
            TableName,
            Key: key.agreement(lot.agreementId),
            UpdateExpression: 'ADD acceptedGrams :accepted, rejectedGrams :rejected, actualPayoutFen :fen, receivedLotCount :one',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: {
              ':accepted': applied.acceptedGrams,
              ':rejected': applied.rejectedGrams,
              ':fen': applied.payoutFen,
              ':one': 1,
            },
          },
        },
        {
          Update: {
            TableName,
            Key: key.scan(lot.lotCode),
            UpdateExpression: 'SET journey.received = :received, updatedAt = :now',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':received': { at: applied.at }, ':now': receipt.recordedAt },
          },
        },
      ]);
      return { ok: outcome.ok, receiptTaken: failed(outcome, 0), lotChanged: failed(outcome, 1) };
    },

    /** One page of receipt exceptions, newest first. */
    listReceiptExceptions: (limit: number, cursor?: string) => newestFirst<ReceiptRecord>('RECEIPTEXCEPTION', 'RECEIPT#', limit, cursor),

    /** Marks the lot recalled and shows it in the scan projection; false when already recalled. */
    async recallLot(lotCode: string, recall: Recall): Promise<boolean> {
      const outcome = await transact([
        {
          Update: {
            TableName,
            Key: key.lot(lotCode),
            UpdateExpression: 'SET recall = :recall',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(recall)',
            ExpressionAttributeValues: { ':recall': recall },
          },
        },
        {
          Update: {
            TableName,
            Key: key.scan(lotCode),
            UpdateExpression: 'SET recall = :recall, updatedAt = :now',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':recall': { reason: recall.reason, recalledAt: recall.recalledAt }, ':now': recall.recalledAt },
          },
        },
      ]);
      return outcome.ok;
    },

    /** The scan projection: exactly one GetItem, eventually consistent (the CDN caches it anyway). */
    getScan: (lotCode: string) => get<ScanRecord>(key.scan(lotCode)),

    listLots: (agreementId: string) =>
      queryAll<LotRecord>({
        TableName,
        IndexName: GSI1,
        KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `${p.agreement}${agreementId}`, ':prefix': 'LOT#' },
      }),
  };
}
