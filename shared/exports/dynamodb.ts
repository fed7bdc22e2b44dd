// Exports in the single table: the export item and the claim of its clientExportId.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from '../table/client';
import { partitions as p } from '../table/definition';
import type { ExportRecord, ExportRepository } from './export';

export const exportKey = (exportId: string) => ({ pk: `${p.export}${exportId}`, sk: '#EXPORT' });
const EXPORTS = 'EXPORTS';
/** Every export, newest first (the local server sends running ones again at start-up). */
const exportListed = (r: Pick<ExportRecord, 'createdAt' | 'exportId'>) => ({
  gsi1pk: EXPORTS,
  gsi1sk: `${p.export}${r.createdAt}#${r.exportId}`,
});
/** The claim of a clientExportId: a request is turned into an export once. */
const exportRequestKey = (clientExportId: string) => ({ pk: `${p.exportRequest}${clientExportId}`, sk: '#REQUEST' });

export function dynamoDbExports(table: Table): ExportRepository {
  /** Sets a running export's outcome; a finished one stays as it is (a late or repeated worker's write is no error). */
  const finish = async (exportId: string, set: string, values: Record<string, unknown>, names: Record<string, string> = {}) => {
    try {
      await table.send(
        new UpdateCommand({
          TableName: table.name,
          Key: exportKey(exportId),
          UpdateExpression: `SET #status = :status, ${set}`,
          ConditionExpression: '#status = :running',
          ExpressionAttributeNames: { '#status': 'status', ...names },
          ExpressionAttributeValues: { ':running': 'running', ...values },
        }),
      );
    } catch (error) {
      if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
    }
  };

  return {
    async create(record) {
      const outcome = await table.transact({
        export: {
          Put: {
            Item: { ...exportKey(record.exportId), ...exportListed(record), entity: 'export', ...record },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        request: {
          Put: {
            Item: { ...exportRequestKey(record.clientExportId), entity: 'exportRequest', exportId: record.exportId },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      });
      return outcome.ok;
    },

    get: (exportId, consistent = false) => table.get<ExportRecord>(exportKey(exportId), consistent),

    async getByClientId(clientExportId) {
      const claim = await table.get<{ exportId: string }>(exportRequestKey(clientExportId), true);
      return claim ? table.get<ExportRecord>(exportKey(claim.exportId), true) : undefined;
    },

    list: (limit, cursor) =>
      table.query<ExportRecord>({ index: 'gsi1', partition: EXPORTS, sortKey: { beginsWith: p.export }, descending: true }, limit, cursor),

    complete: (exportId, file, at) =>
      finish(exportId, 'objectKey = :key, lotCount = :lots, rowCount = :rows, bytes = :bytes, sha256 = :sha, completedAt = :at', {
        ':status': 'ready',
        ':key': file.objectKey,
        ':lots': file.lotCount,
        ':rows': file.rowCount,
        ':bytes': file.bytes,
        ':sha': file.sha256,
        ':at': at,
      }),

    fail: (exportId, error, at) =>
      finish(exportId, '#error = :error, completedAt = :at', { ':status': 'failed', ':error': error, ':at': at }, { '#error': 'error' }),
  };
}
