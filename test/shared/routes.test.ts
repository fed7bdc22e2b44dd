// The route table is put together from one module of rows per entity: a row whose operation id another
// module also uses would silently replace it, and its endpoint would vanish from the API.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { routeKey, routeList, routes } from '../../shared/routes';

const folder = path.join(__dirname, '../../shared/routes');

it('holds every row of every module in the folder, each once, under its own operation id', async () => {
  const rows: [string, unknown][] = [];
  for (const file of readdirSync(folder).filter((f) => !['index.ts', 'route.ts'].includes(f))) {
    const module = (await import(path.join(folder, file))) as Record<string, Record<string, unknown>>;
    const tables = Object.values(module);
    expect(tables, file).toHaveLength(1);
    rows.push(...Object.entries(tables[0]!));
  }
  expect(rows.length).toBe(routeList.length);
  expect(new Set(rows.map(([id]) => id)).size).toBe(rows.length);
  for (const [id, row] of rows) expect(routes[id as keyof typeof routes]).toBe(row);
});

it('gives no two routes the same method and path', () => {
  expect(new Set(routeList.map(routeKey)).size).toBe(routeList.length);
});
