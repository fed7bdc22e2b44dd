// `npm start`: the whole system on this machine. `--in-memory` (or LOCAL_DB=memory) keeps no data.
import { LOCAL_BUCKETS } from './local/s3';
import { startLocalSystem } from './local/system';

const inMemory = process.argv.includes('--in-memory') || process.env.LOCAL_DB === 'memory';
const port = Number(process.env.PORT ?? 3000);
const started = Date.now();

try {
  const system = await startLocalSystem({ port, inMemory });
  const { demo, url } = system;
  const lines = [
    '',
    `Village-direct is running at ${url}  (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    `  Shopper page: ${url}/l/{lotCode}  (open a demo lot's URL below)`,
    `  API:          ${url}/api/v1/...   OpenAPI: ${url}/api/v1/openapi.json`,
    `  DynamoDB:     ${system.dynamoEndpoint} (table ${system.tableName}, ${inMemory ? 'in memory' : 'data in .local-data/'})`,
    `  S3 (s3rver):  ${system.s3Endpoint} (buckets ${LOCAL_BUCKETS.exports}, and ${LOCAL_BUCKETS.logs}: this server's requests in the CDN's log format, counted as scans; ${inMemory ? 'in a temporary folder' : 'data in .local-data/s3/'})`,
    `  Exports:      POST ${url}/api/v1/exports (ops); GS1 resolver: ${url}/.well-known/gs1resolver`,
    '',
    'Dev tokens (12 h; more from POST /api/v1/local/dev-token {"role":"ops"} or {"role":"village","villageId":"…"}):',
    `  ops:          ${await system.devToken('ops')}`,
  ];
  for (const village of demo?.villages ?? []) {
    lines.push(`  ${village.name} staff (${village.villageId}):`, `                ${await system.devToken('village', village.villageId)}`);
  }
  if (demo) {
    lines.push('', 'Demo agreements:');
    for (const a of demo.agreements) lines.push(`  ${a.agreementId}  ${a.crop} (${a.villageId})`);
    lines.push('', 'Demo lots (each URL is what its QR label encodes; open it for the shopper page):');
    for (const lot of demo.lots) lines.push(`  ${lot.lotCode}  ${lot.crop.padEnd(10)} ${lot.status.padEnd(9)} ${lot.qrUrl}`);
    lines.push('', 'Demo store webhook secrets (shown once in production; printed here for local use):');
    for (const store of demo.stores) lines.push(`  ${store.storeId.padEnd(16)} ${store.webhookSecret}`);
  } else {
    lines.push('', 'The table already held data but no demo manifest was found; delete .local-data/ to reseed.');
  }
  const shipped = demo?.lots.find((lot) => lot.shippedTo);
  const store = demo?.stores.find((s) => s.storeId === shipped?.shippedTo);
  if (shipped && store) {
    const accepted = Math.floor(shipped.quantityKg * 0.98);
    lines.push(
      '',
      `Post a signed store receipt for demo lot ${shipped.lotCode} (docs/store-integration.md explains the scheme):`,
      `  npx tsx scripts/send-receipt.ts --url ${url} --store ${store.storeId} --secret '${store.webhookSecret}' \\`,
      `      --lot ${shipped.lotCode} --accepted ${accepted} --rejected ${+(shipped.quantityKg - accepted).toFixed(3)} --reason 'bruised in transit'`,
    );
  }
  lines.push(
    '',
    'Try:',
    `  curl -s ${url}/api/v1/agreements/${demo?.agreements[0]?.agreementId ?? '{agreementId}'} -H "authorization: Bearer $OPS_TOKEN"`,
  );
  lines.push('', 'Press Ctrl-C to stop (DynamoDB Local and the S3 server stop with it).', '');
  console.log(lines.join('\n'));
  console.log("Seeding the demo stores' two years of daily sales in the background…");
  system.history.then(
    (days) => console.log(`Sales history ready: ${days} store days stored this start; the weekly figures follow from the stream.`),
    (error) => console.error('Sales history not seeded:', error),
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal} received; stopping the API and DynamoDB Local…`);
    await system.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
} catch (error) {
  console.error(`\nCould not start the local system:\n${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
