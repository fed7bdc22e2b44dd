// `npm run bench:trace`: traceability at scale on this machine, on DynamoDB Local. It records 10,000 lots
// for one village and 2,000 for another through the intake use case, then measures: a trace of the big
// village, every page, with the DynamoDB requests it sends; and recalls of 2,000 and 10,000 lots, from
// the 202 until every lot's scan shows the recall. Figures are printed, and the run fails when a trace
// sends a Scan or a recall misses a lot; the times are reported against their goals (1 s, 60 s).
import { dynamoDb } from '../functions/commons/dynamodb';
import type { Principal } from '../shared/auth';
import { recordLot } from '../shared/lots/record-lot';
import { dynamoDbRepositories } from '../shared/table/repositories';
import { chinaDay, inParallel, startDrillSystem } from './bench/drill-system';

const BIG = Number(process.env.BENCH_TRACE_LOTS ?? 10_000);
const SMALL = Number(process.env.BENCH_RECALL_LOTS ?? 2_000);
const OPS: Principal = { role: 'ops', subject: 'bench' };
const step = (text: string) => console.error(`bench:trace: ${text}`);

const { system, client, call, stop } = await startDrillSystem('bench-trace');
let failed = false;
try {
  await call('PUT', '/api/v1/crops/strawberry', { name: { zh: '草莓', en: 'Strawberry' }, recipes: [] });
  const deps = { ...dynamoDbRepositories(client, 'bench-trace'), now: () => new Date(), publicBaseUrl: system.url };
  const village = async (name: string, lots: number) => {
    const { body: v } = await call('POST', '/api/v1/villages', { name: { zh: name, en: name }, province: 'Sichuan', county: 'Pujiang' });
    const { body: a } = await call('POST', '/api/v1/agreements', {
      villageId: v.villageId,
      crop: 'strawberry',
      committedKg: lots * 2,
      tolerancePct: 0,
      prices: [{ grade: 'A', fenPerKg: 1000 }],
      deliveryWindow: { from: chinaDay(-200), to: chinaDay(0) },
    });
    const started = Date.now();
    await inParallel(lots, (i) =>
      recordLot(deps, OPS, a.agreementId, { clientLotId: `b-${i}`, grade: 'A', quantityKg: 1, harvestedOn: chinaDay(-(i % 180)) }),
    );
    step(`recorded ${lots} lots for ${name} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return v.villageId as string;
  };
  const big = await village('Big', BIG);
  const small = await village('Small', SMALL);

  // The trace: every page of the big village, counting what reaches DynamoDB.
  const sent: string[] = [];
  dynamoDb.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'bench-trace-counter' },
  );
  const traceStarted = performance.now();
  let traced = 0;
  let pages = 0;
  let cursor: string | undefined;
  do {
    const { body } = await call('GET', `/api/v1/trace/lots?villageId=${big}&limit=1000${cursor ? `&cursor=${cursor}` : ''}`);
    traced += body.items.length;
    pages++;
    cursor = body.nextCursor;
  } while (cursor);
  const traceMs = performance.now() - traceStarted;
  dynamoDb.middlewareStack.remove('bench-trace-counter');
  const requests: Record<string, number> = {};
  for (const name of sent) requests[name] = (requests[name] ?? 0) + 1;
  if (traced !== BIG || requests.ScanCommand) failed = true;

  // Recalls: from the 202 until the recall is completed, then every lot's scan checked for the banner.
  const recall = async (villageId: string, lots: number, clientRecallId: string) => {
    const started = performance.now();
    const { status, body } = await call('POST', '/api/v1/recalls', {
      clientRecallId,
      scope: { villageId },
      reason: { zh: '演练', en: 'Drill' },
    });
    if (status !== 202) throw new Error(`recall answered ${status}: ${JSON.stringify(body)}`);
    let current = body;
    while (current.status !== 'completed') {
      await new Promise((resolve) => setTimeout(resolve, 100));
      current = (await call('GET', `/api/v1/recalls/${body.recallId}`)).body;
    }
    const seconds = (performance.now() - started) / 1000;
    const codes: string[] = [];
    let page: string | undefined;
    do {
      const reply = (await call('GET', `/api/v1/recalls/${body.recallId}/lots?limit=100${page ? `&cursor=${page}` : ''}`)).body;
      codes.push(...reply.items.map((i: { lotCode: string }) => i.lotCode));
      page = reply.nextCursor;
    } while (page);
    let showing = 0;
    await inParallel(codes.length, async (i) => {
      const response = await fetch(`${system.url}/api/v1/scan/${codes[i]}`);
      if ((await response.json()).recall) showing++;
    });
    if (current.lotCount !== lots || current.recalledCount !== lots || showing !== lots) failed = true;
    return { seconds, lotCount: current.lotCount, recalledCount: current.recalledCount, showing };
  };
  step('recalling the small village…');
  const smallRecall = await recall(small, SMALL, 'bench-small');
  step('recalling the big village…');
  const bigRecall = await recall(big, BIG, 'bench-big');

  console.log(`
| figure | measured | goal |
|---|---|---|
| trace of one village with ${traced} lots, all ${pages} pages of 1,000 | ${Math.round(traceMs)} ms; DynamoDB requests: ${Object.entries(
    requests,
  )
    .map(([name, count]) => `${count} ${name}`)
    .join(', ')} | ≤ 1 s, no Scan |
| recall of ${SMALL} lots: 202 until every scan shows it | ${smallRecall.seconds.toFixed(1)} s (lotCount ${smallRecall.lotCount}, recalled ${smallRecall.recalledCount}, scans showing ${smallRecall.showing}) | ≤ 60 s |
| recall of ${BIG} lots: 202 until every scan shows it | ${bigRecall.seconds.toFixed(1)} s (lotCount ${bigRecall.lotCount}, recalled ${bigRecall.recalledCount}, scans showing ${bigRecall.showing}) | reported |
`);
  console.log(failed ? 'bench:trace: a trace scanned the table or a recall missed a lot' : 'bench:trace: every lot traced and recalled');
} finally {
  await stop();
}
process.exitCode = failed ? 1 : 0;
