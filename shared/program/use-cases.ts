// The program summary of a year, for ops.
import type { z } from 'zod';
import { chinaDate } from '../dates';
import type { Clock } from '../deps';
import { type ProgramQuery, type ProgramRepository, type ProgramTargets, summarize } from './program';

export async function programSummary(
  { program, now }: { program: Pick<ProgramRepository, 'rows'> } & Clock,
  targets: ProgramTargets,
  query: z.infer<typeof ProgramQuery>,
) {
  const year = query.year ?? Number(chinaDate(now()).slice(0, 4));
  return summarize(year, await program.rows(year), targets);
}
