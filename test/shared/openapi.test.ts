// The OpenAPI document must describe exactly the route table, with the same strict request bodies.
import { describe, expect, it } from 'vitest';
import { schemasOf } from '../../shared/contract';
import { buildOpenApi } from '../../shared/openapi';
import { routeList, routes } from '../../shared/routes';

type Operation = {
  operationId: string;
  security?: unknown[];
  parameters: { name: string; in: string; required: boolean }[];
  requestBody?: { required: boolean; content: { 'application/json': { schema: JsonSchema } } };
  responses: Record<string, unknown>;
};
type JsonSchema = {
  type?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  additionalProperties?: unknown;
  required?: string[];
};

const doc = buildOpenApi();
const operation = (path: string, method: string) => (doc.paths[path] as Record<string, Operation> | undefined)?.[method.toLowerCase()];
const bodySchema = (operationId: keyof typeof routes) => {
  const route = routes[operationId];
  return operation(route.path, route.method)?.requestBody?.content['application/json'].schema;
};

/** Every object schema inside a request body, however deeply nested. */
function objectSchemas(schema: JsonSchema, at = '$'): [string, JsonSchema][] {
  const found: [string, JsonSchema][] = schema.type === 'object' ? [[at, schema]] : [];
  for (const [name, child] of Object.entries(schema.properties ?? {})) found.push(...objectSchemas(child, `${at}.${name}`));
  if (schema.items) found.push(...objectSchemas(schema.items, `${at}[]`));
  return found;
}

describe('buildOpenApi', () => {
  it('is an OpenAPI 3.1.0 document carrying the given version', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(buildOpenApi('2.3.4').info.version).toBe('2.3.4');
  });

  it('has exactly one operation per route, at its method and path, under its operationId', () => {
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ path, method, operationId: (op as Operation).operationId })),
    );
    expect(operations).toHaveLength(routeList.length);
    expect(new Set(operations.map((o) => o.operationId)).size).toBe(routeList.length);
    for (const route of routeList) {
      expect(operation(route.path, route.method)?.operationId, `${route.method} ${route.path}`).toBe(route.operationId);
    }
  });

  it('requires the bearer token on ops and staff routes, a webhook signature on store routes, and nothing on public ones', () => {
    for (const route of routeList) {
      const op = operation(route.path, route.method)!;
      if (route.access === 'public') {
        expect(op.security, route.operationId).toBeUndefined();
        expect(op.responses['401'], route.operationId).toBeUndefined();
      } else if (route.access === 'store') {
        expect(op.security, route.operationId).toEqual([{ standardWebhooks: [] }]);
        expect(op.responses['401'], route.operationId).toBeDefined();
        expect(op.responses['202'], route.operationId).toBeDefined();
      } else {
        expect(op.security, route.operationId).toEqual([{ cognitoJwt: [] }]);
        expect(op.responses['401'], route.operationId).toBeDefined();
        expect(op.responses['403'], route.operationId).toBeDefined();
      }
    }
    expect(doc.components.securitySchemes.cognitoJwt).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('declares every path template variable as a required path parameter', () => {
    for (const route of routeList) {
      const names = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => name);
      const declared = operation(route.path, route.method)!.parameters.filter((p) => p.in === 'path');
      expect(
        declared.map((p) => p.name),
        route.operationId,
      ).toEqual(names);
      expect(declared.every((p) => p.required)).toBe(true);
    }
  });

  it('documents the success status of each route', () => {
    expect(operation('/api/v1/agreements', 'POST')!.responses['201']).toBeDefined();
    expect(operation('/api/v1/agreements', 'POST')!.responses['200']).toBeUndefined();
    expect(operation('/api/v1/lots/{lotCode}', 'GET')!.responses['200']).toBeDefined();
  });

  it('has a request body exactly on routes whose table row has one', () => {
    for (const route of routeList) {
      expect(operation(route.path, route.method)!.requestBody !== undefined, route.operationId).toBe(
        schemasOf(route.operationId).body !== undefined,
      );
    }
  });

  it.each(['createAgreement', 'recordLot'] as const)('refuses additional properties anywhere in the %s body', (operationId) => {
    const schema = bodySchema(operationId)!;
    expect(schema.additionalProperties).toBe(false);
    for (const [at, object] of objectSchemas(schema)) expect(object.additionalProperties, at).toBe(false);
  });

  it('refuses additional properties in every request body', () => {
    for (const route of routeList.filter((r) => schemasOf(r.operationId).body)) {
      const schema = operation(route.path, route.method)!.requestBody!.content['application/json'].schema;
      for (const [at, object] of objectSchemas(schema)) expect(object.additionalProperties, `${route.operationId} ${at}`).toBe(false);
    }
  });

  it('marks the required fields of createAgreement and leaves the optional ones out', () => {
    const required = bodySchema('createAgreement')!.required;
    expect(required).toEqual(expect.arrayContaining(['villageId', 'crop', 'committedKg', 'tolerancePct', 'prices', 'deliveryWindow']));
    expect(required).not.toContain('gtin');
    expect(required).not.toContain('variety');
    // The nested prices list must be described too, not collapsed to an empty schema.
    expect(bodySchema('createAgreement')!.properties!.prices!.items!.required).toEqual(['grade', 'fenPerKg']);
  });

  it('survives a JSON round trip unchanged', () => {
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });
});
