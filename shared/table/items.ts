// Item hygiene of the single table, shared by every entity's adapter, including the scan reader that
// stays off the document client to keep the scan function small. No SDK code at run time.
import { ServiceUnavailable } from '../errors';

/** The primary key of an item. */
export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'entity'] as const;

/** The record without the table's own attributes. */
export function strip<T>(item: Record<string, unknown> | undefined): T | undefined {
  if (!item) return undefined;
  const copy = { ...item };
  for (const name of KEY_ATTRIBUTES) delete copy[name];
  return copy as T;
}

/**
 * Faults that say "try again later", by the SDK's exception names (the same classes, without
 * importing them): the caller gets 503, never a 4xx and never a 2xx.
 */
const TRANSIENT = new Set(['ProvisionedThroughputExceededException', 'RequestLimitExceeded', 'ThrottlingException', 'InternalServerError']);

/** A 503 for a transient storage fault; undefined for any other error. */
export function asTransient(error: unknown): ServiceUnavailable | undefined {
  return error instanceof Error && TRANSIENT.has(error.name) ? new ServiceUnavailable(undefined, { cause: error }) : undefined;
}
