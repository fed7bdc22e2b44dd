// Counting a log file's scans per crop, city and week, over in-memory lots and stores, and reading the S3
// event that names the file.
import { describe, expect, it } from 'vitest';
import { objectCreatedEvent, w3cLog } from '../../../scripts/local/cdn-logs';
import { newLotCode } from '../../../shared/codes';
import type { ScanCell } from '../../../shared/demand/figures';
import { countScanLog, createdObject } from '../../../shared/demand/scan-logs';
import type { LotRecord } from '../../../shared/lots/lot';
import { lotRecord } from '../../support/records';

const PHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) Mobile/15E148';
const opened = (lotCode: string, date = '2026-03-04') => ({
  date,
  time: '09:00:00',
  'cs-method': 'GET',
  'cs-uri-stem': `/l/${lotCode}`,
  'sc-status': 200,
  'cs(User-Agent)': PHONE,
});

function fakes(lots: LotRecord[]) {
  const kept = new Map<string, readonly ScanCell[]>();
  return {
    kept,
    deps: {
      lots: { getMany: async (codes: readonly string[]) => lots.filter((lot) => codes.includes(lot.lotCode)) },
      scanLogs: {
        record: async (source: string, cells: readonly ScanCell[]) => {
          if (kept.has(source)) return false;
          kept.set(source, cells);
          return true;
        },
      },
    },
    cityOf: async (storeId: string) => ({ 'sh-1': 'Shanghai', 'cd-1': 'Chengdu', 'hz-1': 'Hangzhou' })[storeId] ?? '',
  };
}

describe('counting a log file', () => {
  it("counts each lot's scans in the city of the store that received it, else shipped it, else expects it", async () => {
    const at = '2026-03-01T00:00:00Z';
    const received = lotRecord({
      crop: 'kiwi',
      destinationStoreId: 'hz-1',
      dispatch: { storeId: 'cd-1', at },
      receipt: { storeId: 'sh-1', webhookId: 'w', at, acceptedGrams: 1, rejectedGrams: 0, payoutFen: 1 },
    });
    const shipped = lotRecord({ crop: 'kiwi', dispatch: { storeId: 'cd-1', at } });
    const expected = lotRecord({ crop: 'dekopon', destinationStoreId: 'hz-1' });
    const nowhere = lotRecord({ crop: 'dekopon' });
    const { deps, kept, cityOf } = fakes([received, shipped, expected, nowhere]);
    const log = w3cLog([
      opened(received.lotCode),
      opened(received.lotCode),
      opened(received.lotCode, '2026-03-11'),
      opened(shipped.lotCode),
      opened(expected.lotCode),
      opened(nowhere.lotCode),
      opened(newLotCode()),
    ]);

    const result = await countScanLog(deps, cityOf, 'logs/a.gz', log.split('\n'));

    expect(result).toMatchObject({ kept: true, unknownLots: 1, tally: { counted: 7 } });
    expect(kept.get('logs/a.gz')).toEqual([
      { crop: 'dekopon', city: '', week: '2026-W10', scans: 1 },
      { crop: 'dekopon', city: 'Hangzhou', week: '2026-W10', scans: 1 },
      { crop: 'kiwi', city: 'Chengdu', week: '2026-W10', scans: 1 },
      { crop: 'kiwi', city: 'Shanghai', week: '2026-W10', scans: 2 },
      { crop: 'kiwi', city: 'Shanghai', week: '2026-W11', scans: 1 },
    ]);
    // The same file again keeps nothing more.
    expect((await countScanLog(deps, cityOf, 'logs/a.gz', log.split('\n'))).kept).toBe(false);
  });

  it('keeps nothing of a file without scans', async () => {
    const { deps, kept, cityOf } = fakes([]);
    expect((await countScanLog(deps, cityOf, 'logs/b.gz', w3cLog([]).split('\n'))).kept).toBe(false);
    expect(kept.size).toBe(0);
  });
});

describe("the S3 event's file", () => {
  it('reads the bucket and key of an Object Created event as EventBridge sends it, and nothing else', () => {
    const key = 'cloudfront/E1/2026/03/04/09/E1.2026-03-04-09.abcd.gz';
    expect(createdObject(objectCreatedEvent({ bucket: 'logs-b', key, size: 10 }))).toEqual({ bucket: 'logs-b', key });
    const event = JSON.parse(objectCreatedEvent({ bucket: 'logs-b', key, size: 10 }));
    expect(createdObject(JSON.stringify({ ...event, 'detail-type': 'Object Deleted' }))).toBeUndefined();
    expect(createdObject(JSON.stringify({ ...event, source: 'aws.ec2' }))).toBeUndefined();
    expect(createdObject(JSON.stringify({ ...event, detail: { bucket: { name: 'b' } } }))).toBeUndefined();
    expect(createdObject('not json')).toBeUndefined();
    expect(createdObject('null')).toBeUndefined();
  });
});
