// Counts the DynamoDB requests behind a scan, an intake and a store receipt, by listening on the DynamoDB
// client the handlers themselves use (the module instance the local system loaded), over real HTTP. The
// scan function sends on it directly and the others through the document client, which shares its
// middleware stack, so one listener hears both.
import { randomUUID } from 'node:crypto';
import type { DemoManifest } from '../local/seed';
import type { LocalSystem } from '../local/system';
import { newLotCode } from '../../shared/codes';
import { sign } from '../../shared/stores/webhooks';

export interface RequestCounts {
  /** Commands sent per request, one entry per request made. */
  readonly scan: readonly string[][];
  readonly malformedScan: readonly string[];
  readonly unknownScan: readonly string[];
  readonly intake: readonly string[][];
  /** The first receipt of a store in a container also reads the store's secrets (cached 60 s). */
  readonly receiptCold: readonly string[];
  readonly receiptWarm: readonly string[][];
}

const COUNTER = 'benchCountRequests';
const chinaToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

export async function countRequests(system: LocalSystem, repeats = 5): Promise<RequestCounts> {
  if (!system.demo) throw new Error('the bench needs the demo data (a fresh in-memory table)');
  const { dynamoDb } = await import('../../functions/commons/dynamodb');
  let sent: string[] = [];
  dynamoDb.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: COUNTER },
  );
  const counted = async (
    path: string,
    init: RequestInit,
    expected: number,
  ): Promise<{ commands: string[]; body: { lotCode?: string; status?: string } }> => {
    // The stream's additions to the weekly figures (after a receipt) go through the same client: done first.
    await system.settled();
    sent = [];
    const response = await fetch(`${system.url}${path}`, init);
    const body = await response.json().catch(() => undefined);
    if (response.status !== expected)
      throw new Error(`${init.method ?? 'GET'} ${path} answered ${response.status}: ${JSON.stringify(body)}`);
    return { commands: [...sent], body };
  };
  try {
    return await measure(system, system.demo, counted, repeats);
  } finally {
    dynamoDb.middlewareStack.remove(COUNTER);
  }
}

type Counted = (
  path: string,
  init: RequestInit,
  expected: number,
) => Promise<{ commands: string[]; body: { lotCode?: string; status?: string } }>;

async function measure(system: LocalSystem, demo: DemoManifest, counted: Counted, repeats: number): Promise<RequestCounts> {
  const lot = demo.lots[0]?.lotCode as string;
  const scan: string[][] = [];
  for (let i = 0; i < repeats; i++) scan.push((await counted(`/api/v1/scan/${lot}`, {}, 200)).commands);
  const malformedScan = (await counted('/api/v1/scan/NOT-A-LOT-CODE', {}, 400)).commands;
  const unknownScan = (await counted(`/api/v1/scan/${newLotCode()}`, {}, 404)).commands;

  const agreement = demo.agreements[0];
  const store = demo.stores[0];
  if (!agreement || !store) throw new Error('the demo data has no agreement or store');
  const staff = await system.devToken('village', agreement.villageId);
  const intake: string[][] = [];
  const lots: string[] = [];
  for (let i = 0; i <= repeats; i++) {
    const { commands, body } = await counted(
      `/api/v1/agreements/${agreement.agreementId}/lots`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${staff}` },
        body: JSON.stringify({
          clientLotId: `bench-${randomUUID()}`,
          grade: 'A',
          quantityKg: 1.5,
          harvestedOn: chinaToday(),
          destinationStoreId: store.storeId,
        }),
      },
      201,
    );
    intake.push(commands);
    lots.push(body.lotCode as string);
  }

  const receipt = async (lotCode: string) => {
    const body = JSON.stringify({
      type: 'shipment.received',
      timestamp: new Date().toISOString(),
      data: { lotCode, receivedAt: new Date().toISOString(), acceptedKg: 1.5, rejectedKg: 0 },
    });
    const id = `msg_bench_${randomUUID()}`;
    const at = new Date();
    const { commands, body: reply } = await counted(
      `/api/v1/stores/${store.storeId}/receipts`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
          'webhook-signature': sign(store.webhookSecret, id, at, body),
        },
        body,
      },
      200,
    );
    if (reply.status !== 'applied') throw new Error(`the bench receipt was not applied: ${JSON.stringify(reply)}`);
    return commands;
  };
  const [first, ...rest] = lots;
  const receiptCold = await receipt(first as string);
  const receiptWarm: string[][] = [];
  for (const lotCode of rest) receiptWarm.push(await receipt(lotCode));
  return { scan, malformedScan, unknownScan, intake, receiptCold, receiptWarm };
}
