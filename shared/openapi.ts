// The OpenAPI 3.1 document, generated from the route table, the identifier rules its path parameters
// follow, and the same zod schemas that validate requests.
// The namespace import lets esbuild leave out zod's locales and converters that are never used.
import * as z from 'zod';
import { ID_RULES } from './codes';
import { schemasOf } from './contract';
import { ErrorBody } from './fields';
import { needsJwt, parameterNames, routeList } from './routes';

const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: jsonSchema(ErrorBody) } },
});

export function buildOpenApi(version = '1.0.0') {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routeList) {
    const schemas = schemasOf(route.operationId);
    const parameters: { name: string; in: string; required: boolean; description?: string; schema: object }[] = parameterNames(
      route.path,
    ).map((name) => ({
      name,
      in: 'path',
      required: true,
      description: ID_RULES[name].message,
      schema: { type: 'string', pattern: ID_RULES[name].pattern.source },
    }));
    if (schemas.query) {
      const query = jsonSchema(schemas.query) as { properties?: Record<string, object> };
      for (const [name, schema] of Object.entries(query.properties ?? {})) parameters.push({ name, in: 'query', required: false, schema });
    }
    const secured = needsJwt(route);
    const success = schemas.response ? { content: { 'application/json': { schema: jsonSchema(schemas.response) } } } : {};
    const operations = paths[route.path] ?? {};
    paths[route.path] = operations;
    operations[route.method.toLowerCase()] = {
      operationId: route.operationId,
      summary: route.summary,
      ...(secured ? { security: [{ cognitoJwt: [] }] } : {}),
      ...(route.access === 'store' ? { security: [{ standardWebhooks: [] }] } : {}),
      'x-access': route.access,
      parameters,
      ...(schemas.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(schemas.body) } } } } : {}),
      responses: {
        [String(route.status)]: { description: 'Success', ...success },
        ...(schemas.body || schemas.query || parameters.length ? { 400: errorResponse('Invalid input, with field details') } : {}),
        ...(secured ? { 401: errorResponse('Missing or invalid token'), 403: errorResponse('The token may not do this') } : {}),
        ...(route.access === 'store'
          ? {
              202: { description: 'Stored as an exception for ops; do not retry', ...success },
              401: errorResponse('Missing, malformed, stale or wrong signature, or unknown store; nothing stored'),
            }
          : {}),
        ...(parameters.length ? { 404: errorResponse('Not found') } : {}),
        ...(route.method !== 'GET' ? { 409: errorResponse('Business conflict; error.code says which') } : {}),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Village-direct sourcing API', version },
    paths,
    components: {
      securitySchemes: {
        cognitoJwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Cognito ID token' },
        standardWebhooks: {
          type: 'apiKey',
          in: 'header',
          name: 'webhook-signature',
          description: 'Standard Webhooks: webhook-id, webhook-timestamp and webhook-signature (v1, HMAC-SHA256 with the store secret)',
        },
      },
    },
  };
}
