// The program's read model in the single table: one partition per year, one row per village, which the stream
// aggregator adds to (once per stream record, like the weekly demand figures) and the summary reads whole.
import { markOnce } from '../demand/dynamodb';
import type { Table } from '../table/client';
import { partitions as p } from '../table/definition';
import { PROGRAM_FIGURES, type ProgramRepository, type ProgramRow } from './program';

const ROW_PREFIX = 'VILLAGE#';
const rowKey = (year: number, villageId: string) => ({ pk: `${p.program}${year}`, sk: `${ROW_PREFIX}${villageId}` });

export function dynamoDbProgram(table: Table, now: () => Date = () => new Date()): ProgramRepository {
  return {
    async apply(source, change) {
      const figures = PROGRAM_FIGURES.filter((f) => change.figures[f] !== 0);
      const outcome = await table.transact({
        mark: markOnce(source, 'program', now()),
        row: {
          Update: {
            Key: rowKey(change.year, change.villageId),
            UpdateExpression: `SET entity = :entity, #year = :year, villageId = :villageId, province = :province ADD ${figures
              .map((f) => `${f} :${f}`)
              .join(', ')}`,
            ExpressionAttributeNames: { '#year': 'year' },
            ExpressionAttributeValues: {
              ':entity': 'programRow',
              ':year': change.year,
              ':villageId': change.villageId,
              ':province': change.province,
              ...Object.fromEntries(figures.map((f) => [`:${f}`, change.figures[f]])),
            },
          },
        },
      });
      // A mark that exists already means this record was added before: nothing to do.
      if (!outcome.ok && !outcome.failed('mark')) throw new Error(`Adding ${source} to the program was refused`);
    },

    async rows(year) {
      const rows = await table.all<Partial<ProgramRow> & Pick<ProgramRow, 'year' | 'villageId' | 'province'>>({
        partition: `${p.program}${year}`,
        sortKey: { beginsWith: ROW_PREFIX },
      });
      return rows.map((row) => ({ ...row, ...Object.fromEntries(PROGRAM_FIGURES.map((f) => [f, row[f] ?? 0])) }) as ProgramRow);
    },
  };
}
