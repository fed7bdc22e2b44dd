// The cloud assembly of each stage, synthesized once per test run by the synth global setup, read
// once per test file.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { inject } from 'vitest';
import { type Stage, stackIds } from '../../../infra/config';

interface Violation {
  readonly ruleName: string;
  readonly severity: string;
  readonly violatingConstructs: readonly { readonly constructPath: string }[];
}
interface SuppressedViolation extends Violation {
  readonly reason: string;
  readonly acknowledgedAt: string;
}
/** What `validation-report.json` holds: each validation plugin's findings, open and acknowledged. */
interface ValidationReport {
  readonly pluginReports: readonly {
    readonly pluginName: string;
    readonly violations: readonly Violation[];
    readonly suppressedViolations?: readonly SuppressedViolation[];
  }[];
}

export interface Synthesized {
  readonly outdir: string;
  readonly assembly: CloudAssembly;
  readonly edge: Template;
  readonly stateful: Template;
  readonly stateless: Template;
  /** The us-east-1 stack deployed after the distribution: its standard-log delivery and its alarm. */
  readonly cdnTelemetry: Template;
  readonly report: ValidationReport;
}

const loaded = new Map<Stage, Synthesized>();

/** The synthesized app of a stage: its assembly, the template of each stack and the cdk-nag report. */
export function synthesized(stage: Stage): Synthesized {
  const cached = loaded.get(stage);
  if (cached) return cached;
  const outdirs = inject('cdkOutdirs');
  if (!outdirs) throw new Error('No synthesized app: test/support/synth-global-setup.ts is not a global setup of this test project');
  const outdir = outdirs[stage];
  const assembly = new CloudAssembly(outdir);
  const ids = stackIds(stage);
  const s: Synthesized = {
    outdir,
    assembly,
    edge: Template.fromJSON(assembly.getStackArtifact(ids.edge).template),
    stateful: Template.fromJSON(assembly.getStackArtifact(ids.stateful).template),
    stateless: Template.fromJSON(assembly.getStackArtifact(ids.stateless).template),
    cdnTelemetry: Template.fromJSON(assembly.getStackArtifact(ids.cdnTelemetry).template),
    report: JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as ValidationReport,
  };
  loaded.set(stage, s);
  return s;
}
