// Reading the synthesized templates: resources by construct path, what cross-stack references
// resolve to, and the table statements of each function's role.
import path from 'node:path';
import type { Template } from 'aws-cdk-lib/assertions';
import { expect } from 'vitest';
import type { FunctionGroup } from '../../../shared/routes';
import { tableDefinition } from '../../../shared/table/definition';
import type { Statement } from '../table-requests';
import type { Synthesized } from './synthesized';

export type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; Metadata?: Record<string, any> };

/** The resources of a type, keyed by their construct path below the stack. */
export function byPath(template: Template, type: string): Map<string, Resource & { logicalId: string }> {
  const found = template.findResources(type) as Record<string, Resource>;
  return new Map(
    Object.entries(found).map(([logicalId, r]) => [
      String(r.Metadata?.['aws:cdk:path']).split('/').slice(1).join('/'),
      { ...r, logicalId },
    ]),
  );
}

/** The one resource of a type in a template, with its logical id. */
export function single(template: Template, type: string): [string, Resource] {
  const entries = Object.entries(template.findResources(type) as Record<string, Resource>);
  expect(
    entries.map(([id]) => id),
    type,
  ).toHaveLength(1);
  return entries[0]!;
}

/** Every stack's template, by stack. */
export const templates = (s: Synthesized) => ({ edge: s.edge, stateful: s.stateful, stateless: s.stateless, cdnTelemetry: s.cdnTelemetry });

/** A `Fn::Join` with tokens replaced by a placeholder, so a dashboard body parses as JSON. */
export const joined = (value: { 'Fn::Join': [string, unknown[]] }) =>
  value['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : JSON.stringify(part).replace(/"/g, "'"))).join('');

/** The configuration of the one CloudFront distribution. */
export const distributionConfig = (s: Synthesized) =>
  Object.values(s.stateless.findResources('AWS::CloudFront::Distribution'))[0]!.Properties.DistributionConfig;

/** The page folder as staged in the cloud assembly: what the deployment uploads. */
export function deployedPage(s: Synthesized): string {
  const [upload] = Object.values(s.stateless.findResources('Custom::CDKBucketDeployment'));
  const [zip] = upload!.Properties.SourceObjectKeys as string[];
  return path.join(s.outdir, `asset.${zip!.replace(/\.zip$/, '')}`);
}

/** What a `Fn::ImportValue` in the stateless stack resolves to in the stateful stack's exports. */
export function exported(stateful: Template, value: unknown): unknown {
  const name = (value as { 'Fn::ImportValue'?: string })['Fn::ImportValue'];
  const output = Object.values(stateful.toJSON().Outputs as Record<string, { Value: unknown; Export?: { Name: string } }>).find(
    (o) => o.Export?.Name === name,
  );
  return output?.Value;
}

/** Whether a policy resource is the table, one of its indexes (by name), or something else. */
export function placeOf(s: Synthesized, resource: unknown): 'table' | 'index' | 'other' {
  const [tableId] = Object.keys(s.stateful.findResources('AWS::DynamoDB::GlobalTable'));
  const tableArn = { 'Fn::GetAtt': [tableId, 'Arn'] };
  const isTable = (value: unknown) => JSON.stringify(exported(s.stateful, value)) === JSON.stringify(tableArn);
  if (isTable(resource)) return 'table';
  const join = (resource as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  const indexes = tableDefinition.globalSecondaryIndexes.map((gsi) => `/index/${gsi.indexName}`);
  if (join && join[1].length === 2 && isTable(join[1][0]) && indexes.includes(join[1][1] as string)) return 'index';
  return 'other';
}

/** Every statement of the policies on a group's function role. */
export function statementsOf(s: Synthesized, group: FunctionGroup | 'recallWorker' | 'exportWorker'): Statement[] {
  const workers = { recallWorker: 'RecallJobs/Worker/', exportWorker: 'ExportJobs/Worker/' } as const;
  const prefix = group === 'recallWorker' || group === 'exportWorker' ? workers[group] : `${group}-function/`;
  return [...byPath(s.stateless, 'AWS::IAM::Policy')]
    .filter(([policyPath]) => policyPath.startsWith(prefix))
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as Statement[]);
}

/** The statements that grant or deny table actions. */
export const dynamoOnly = (statements: readonly Statement[]) =>
  statements.filter((st) => [st.Action].flat().some((a) => a.startsWith('dynamodb:')));
