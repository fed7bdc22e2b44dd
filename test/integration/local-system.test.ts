// `npm start` as a user runs it: a separate process that starts DynamoDB Local, seeds demo data,
// answers on PORT, and on Ctrl-C stops cleanly together with its Java process.
import { spawn, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/local/dynamodb-local';

function javaProcessesListening(port: number): string[] {
  const ps = spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' }).stdout;
  return ps.split('\n').filter((line) => line.includes('DynamoDBLocal.jar') && line.includes(`-port ${port}`));
}

describe('npm start', () => {
  it('serves the seeded API on PORT and stops DynamoDB Local on SIGINT', async () => {
    const port = await freePort();
    const started = Date.now();
    // Its own process group, so a signal reaches npm, tsx, node and java together, as Ctrl-C in a terminal does.
    const child = spawn('npm', ['start', '--', '--in-memory'], {
      env: { ...process.env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const exited = new Promise<void>((done) => child.once('exit', () => done()));

    while (!output.includes('Press Ctrl-C') && Date.now() - started < 90_000 && child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(output).toContain(`running at http://localhost:${port}`);
    const openapi = await fetch(`http://localhost:${port}/api/v1/openapi.json`);
    console.log(`npm start: API answered ${((Date.now() - started) / 1000).toFixed(1)} s after launch`);
    expect(openapi.status).toBe(200);

    const lotCode = /^\s+([0-9A-Z]{18})\s/m.exec(output)?.[1];
    const opsToken = /ops:\s+(\S+)/.exec(output)?.[1];
    const lot = await fetch(`http://localhost:${port}/api/v1/lots/${lotCode}`, { headers: { authorization: `Bearer ${opsToken}` } });
    expect(lot.status).toBe(200);
    expect(output).toMatch(/whsec_/);
    // Two years of the demo stores' sales follow in the background, and stop with the server.
    expect(output).toContain("Seeding the demo stores' two years of daily sales in the background");

    // The printed receipt example is ready to run as it stands.
    const sendReceipt = /(npx tsx scripts\/send-receipt\.ts[^\n]*\\\n[^\n]*)/.exec(output)?.[1];
    expect(sendReceipt).toBeDefined();
    const sent = spawnSync('bash', ['-c', sendReceipt as string], { encoding: 'utf8' });
    expect(sent.stdout).toMatch(/→ 200 .*"status":"applied"/);

    const dynamoPort = Number(/127\.0\.0\.1:(\d+)/.exec(output)?.[1]);
    expect(javaProcessesListening(dynamoPort)).toHaveLength(1);
    process.kill(-(child.pid as number), 'SIGINT');
    await exited;
    expect(output).toContain('SIGINT received; stopping the API and DynamoDB Local');
    await new Promise((r) => setTimeout(r, 500));
    expect(javaProcessesListening(dynamoPort)).toHaveLength(0);
  }, 120_000);
});
