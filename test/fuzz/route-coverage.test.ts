// Every function group of the route table has a fuzz file, so a new group cannot go unfuzzed.
import { existsSync } from 'node:fs';
import { expect, it } from 'vitest';
import { functionGroups } from '../../shared/routes';

it('has a fuzz test file for every function group of the route table', () => {
  const missing = functionGroups.filter((group) => !existsSync(new URL(`./${group}.test.ts`, import.meta.url)));
  expect(missing).toEqual([]);
});
