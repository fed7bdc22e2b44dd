// Synthesizes the real app with the CDK CLI once per test run, both stages at once and offline, and
// provides the infra tests with each stage's cloud assembly directory. Teardown removes them.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import { type Stage, stages } from '../../infra/config';
import { ensureWebBuild } from '../../web/build';
import { contextArgs, REGION } from '../infra/support/stages';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The cloud assembly directory of each stage. */
    cdkOutdirs: Record<Stage, string>;
  }
}

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const cdkCli = path.join(repoRoot, 'node_modules', 'aws-cdk', 'bin', 'cdk');

async function synth(stage: Stage, outdir: string): Promise<void> {
  const args = ['synth', '--quiet', '--no-notices', '--no-version-reporting', '-c', `stage=${stage}`, ...contextArgs(stage), '-o', outdir];
  try {
    await promisify(execFile)(process.execPath, [cdkCli, ...args], {
      cwd: repoRoot,
      maxBuffer: 32 * 1024 * 1024,
      // Everything the CLI would otherwise look up online stays off: no version check, no notices,
      // no telemetry, no instance-metadata probe for credentials.
      env: {
        ...process.env,
        CDK_DISABLE_VERSION_CHECK: '1',
        CDK_DISABLE_CLI_TELEMETRY: '1',
        AWS_EC2_METADATA_DISABLED: 'true',
        // The CLI passes it on to the app as CDK_DEFAULT_REGION, as it does a profile's region.
        AWS_REGION: REGION[stage],
      },
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`cdk synth -c stage=${stage} failed:\n${stderr ?? ''}\n${stdout ?? ''}`);
  }
}

export default async function setup(project: TestProject) {
  const outdirs = Object.fromEntries(
    await Promise.all(stages.map(async (stage) => [stage, await mkdtemp(path.join(tmpdir(), `village-direct-cdk-${stage}-`))] as const)),
  ) as Record<Stage, string>;
  const removeAll = () => Promise.all(Object.values(outdirs).map((dir) => rm(dir, { recursive: true, force: true })));
  // Built once here, so that the two syntheses find it fresh instead of both building it.
  await ensureWebBuild();
  // Both stages at once: each synthesis is mostly single-threaded.
  const results = await Promise.allSettled(stages.map((stage) => synth(stage, outdirs[stage])));
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) {
    await removeAll();
    throw failed.reason;
  }
  project.provide('cdkOutdirs', outdirs);
  return removeAll;
}
