// Agreements in the single table: one item each, indexed under their village (newest first).
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Table } from '../table/client';
import { partitions as p } from '../table/definition';
import { strip } from '../table/items';
import type { AgreementRecord, AgreementRepository, CropAgreement } from './agreement';

export const agreementKey = (agreementId: string) => ({ pk: `${p.agreement}${agreementId}`, sk: '#AGREEMENT' });

const VILLAGE_INDEX_PREFIX = 'AGREEMENT#';
/** Agreements by village, newest first. */
const byVillage = (a: Pick<AgreementRecord, 'villageId' | 'createdAt' | 'agreementId'>) => ({
  gsi1pk: `${p.village}${a.villageId}`,
  gsi1sk: `${VILLAGE_INDEX_PREFIX}${a.createdAt}#${a.agreementId}`,
});

const CROP_INDEX_PREFIX = 'AGREEMENT#';
/** Agreements by crop and the end of their delivery window: the supply contracted for the weeks ahead. */
const byCrop = (a: Pick<AgreementRecord, 'crop' | 'deliveryWindow' | 'agreementId'>) => ({
  gsi2pk: `${p.crop}${a.crop}`,
  gsi2sk: `${CROP_INDEX_PREFIX}${a.deliveryWindow.to}#${a.agreementId}`,
});
const CROP_AGREEMENT_ATTRIBUTES = [
  'agreementId',
  'villageId',
  'committedGrams',
  'deliveryWindow',
  'status',
  'prices',
  'createdAt',
] as const satisfies readonly (keyof CropAgreement)[];

/** The item of a new agreement, with its index keys; put only if its key is new. */
export const agreementItem = (agreement: AgreementRecord) => ({
  ...agreementKey(agreement.agreementId),
  ...byVillage(agreement),
  ...byCrop(agreement),
  entity: 'agreement',
  ...agreement,
});

export function dynamoDbAgreements(table: Table): AgreementRepository {
  return {
    async create(agreement) {
      await table.send(
        new PutCommand({
          TableName: table.name,
          Item: agreementItem(agreement),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },

    get: (agreementId, consistent = false) => table.get<AgreementRecord>(agreementKey(agreementId), consistent),

    listByVillage: (villageId, limit, cursor) =>
      table.query<AgreementRecord>(
        { index: 'gsi1', partition: `${p.village}${villageId}`, sortKey: { beginsWith: VILLAGE_INDEX_PREFIX }, descending: true },
        limit,
        cursor,
      ),

    listByCrop: (crop, windowEndsFrom) =>
      table.all<CropAgreement>({
        index: 'gsi2',
        partition: `${p.crop}${crop}`,
        // '~' sorts after every agreement id, so agreements ending on the last day are inside the range.
        sortKey: { between: [`${CROP_INDEX_PREFIX}${windowEndsFrom}#`, `${CROP_INDEX_PREFIX}9999-12-31#~`] },
        attributes: CROP_AGREEMENT_ATTRIBUTES,
      }),

    async setRecalls(agreementId, recalls) {
      await table
        .send(
          new UpdateCommand({
            TableName: table.name,
            Key: agreementKey(agreementId),
            UpdateExpression: 'SET recalls = :recalls',
            ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(recalls) OR recalls.version < :version)',
            ExpressionAttributeValues: { ':recalls': recalls, ':version': recalls.version },
          }),
        )
        .catch((error: unknown) => {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        });
    },

    async cancel(agreementId, at, reason) {
      try {
        const { Attributes } = await table.send(
          new UpdateCommand({
            TableName: table.name,
            Key: agreementKey(agreementId),
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
  };
}
