// Offers in the single table: one item each, listed under their village (gsi1) and among all offers (gsi2),
// newest first. Accepting one writes the offer and its agreement in one transaction.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { agreementItem } from '../agreements/dynamodb';
import type { IndexQuery, Table } from '../table/client';
import { partitions as p } from '../table/definition';
import { strip } from '../table/items';
import type { OfferFilter, OfferRecord, OfferRepository } from './offer';

export const offerKey = (offerId: string) => ({ pk: `${p.offer}${offerId}`, sk: '#OFFER' });

const OFFERS = 'OFFERS';
const LISTED_PREFIX = 'OFFER#';
const listedKey = (o: Pick<OfferRecord, 'createdAt' | 'offerId'>) => `${LISTED_PREFIX}${o.createdAt}#${o.offerId}`;
/** An offer under its village (gsi1) and among all offers (gsi2), newest first. */
const listed = (o: Pick<OfferRecord, 'villageId' | 'createdAt' | 'offerId'>) => ({
  gsi1pk: `${p.village}${o.villageId}`,
  gsi1sk: listedKey(o),
  gsi2pk: OFFERS,
  gsi2sk: listedKey(o),
});

/** Still open and not yet lapsed at `:at`: the condition of accepting and declining. */
const OPEN_AT = '#status = :open AND validUntil > :at';

/** The filter of a status as seen at a time: an open offer past its time is expired. */
function statusFilter({ status, now }: OfferFilter): IndexQuery['filter'] {
  const names = { '#status': 'status' };
  if (status === 'open') return { expression: OPEN_AT, names, values: { ':open': 'open', ':at': now } };
  if (status === 'expired') return { expression: '#status = :open AND validUntil <= :at', names, values: { ':open': 'open', ':at': now } };
  return { expression: '#status = :status', names, values: { ':status': status } };
}

export function dynamoDbOffers(table: Table): OfferRepository {
  return {
    async create(offer) {
      await table.send(
        new PutCommand({
          TableName: table.name,
          Item: { ...offerKey(offer.offerId), ...listed(offer), entity: 'offer', ...offer },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },

    get: (offerId, consistent = false) => table.get<OfferRecord>(offerKey(offerId), consistent),

    list: (villageId, limit, cursor, filter) =>
      table.query<OfferRecord>(
        {
          index: villageId === undefined ? 'gsi2' : 'gsi1',
          partition: villageId === undefined ? OFFERS : `${p.village}${villageId}`,
          sortKey: { beginsWith: LISTED_PREFIX },
          descending: true,
          filter: filter && statusFilter(filter),
        },
        limit,
        cursor,
      ),

    async accept(offer, agreement, at, by) {
      const outcome = await table.transact({
        offer: {
          Update: {
            Key: offerKey(offer.offerId),
            UpdateExpression: 'SET #status = :accepted, agreementId = :agreementId, acceptedAt = :at, acceptedBy = :by',
            ConditionExpression: OPEN_AT,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':accepted': 'accepted',
              ':agreementId': agreement.agreementId,
              ':at': at,
              ':by': by,
              ':open': 'open',
            },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        agreement: { Put: { Item: agreementItem(agreement), ConditionExpression: 'attribute_not_exists(pk)' } },
      });
      if (outcome.ok) return { accepted: true };
      if (!outcome.failed('offer')) throw new Error(`Accepting offer ${offer.offerId} was refused`);
      return { accepted: false, stood: outcome.stored<OfferRecord>('offer') };
    },

    async decline(offerId, at, by, reason) {
      try {
        const { Attributes } = await table.send(
          new UpdateCommand({
            TableName: table.name,
            Key: offerKey(offerId),
            UpdateExpression: `SET #status = :declined, declinedAt = :at, declinedBy = :by${reason === undefined ? '' : ', declineReason = :reason'}`,
            ConditionExpression: OPEN_AT,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':declined': 'declined',
              ':open': 'open',
              ':at': at,
              ':by': by,
              ...(reason === undefined ? {} : { ':reason': reason }),
            },
            ReturnValues: 'ALL_NEW',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return strip<OfferRecord>(Attributes);
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        // Missing, or no longer open: either way the stored item (if any) is the answer.
        return error.Item ? strip<OfferRecord>(unmarshall(error.Item)) : undefined;
      }
    },
  };
}
