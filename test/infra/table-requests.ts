// What a role may do to the table, decided from its synthesized policy the way IAM decides it for
// the condition operators the stacks use, and the table requests the repository really sends.
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';

/** One authorization check DynamoDB makes: an action, where, and its request context keys. */
export interface TableRequest {
  /** The IAM action, e.g. `dynamodb:GetItem`. */
  readonly action: string;
  readonly on: 'table' | 'index';
  /** `dynamodb:LeadingKeys`: the partition key of every item the request names. */
  readonly leadingKeys: readonly string[];
  /** `dynamodb:ReturnValues`, present only when the request sets it. */
  readonly returnValues?: string;
}

export interface Statement {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | readonly string[];
  readonly Resource: unknown;
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

const like = (pattern: string, value: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  ).test(value);

const matchers: Record<string, (pattern: string, value: string) => boolean> = {
  StringEquals: (pattern, value) => pattern === value,
  StringLike: like,
};

/** The values of a context key in the request; undefined when the request does not have the key. */
function contextOf(key: string, request: TableRequest): readonly string[] | undefined {
  if (key === 'dynamodb:LeadingKeys') return request.leadingKeys;
  if (key === 'dynamodb:ReturnValues') return request.returnValues === undefined ? undefined : [request.returnValues];
  throw new Error(`No context for condition key ${key}`);
}

/** Whether one operator block holds for the request; an operator or key it does not know throws. */
function holds(operator: string, block: Readonly<Record<string, string | readonly string[]>>, request: TableRequest): boolean {
  const [qualifier, name] = operator.includes(':') ? operator.split(':') : [undefined, operator];
  const match = matchers[name!];
  if (!match) throw new Error(`No evaluation for condition operator ${operator}`);
  return Object.entries(block).every(([key, patterns]) => {
    const context = contextOf(key, request);
    const matches = (value: string) => [patterns].flat().some((pattern) => match(pattern, value));
    if (qualifier === 'ForAllValues') return (context ?? []).every(matches);
    if (qualifier === 'ForAnyValue') return (context ?? []).some(matches);
    if (qualifier !== undefined) throw new Error(`No evaluation for qualifier ${qualifier}`);
    // A single-valued operator on an absent key does not match.
    return context !== undefined && context.length === 1 && matches(context[0]!);
  });
}

/**
 * IAM's decision for an identity policy alone: an explicit Deny wins, otherwise some Allow must
 * match. `placeOf` says whether a statement resource is the table, one of its indexes, its stream, or none.
 */
export function isAllowed(
  statements: readonly Statement[],
  request: TableRequest,
  placeOf: (resource: unknown) => 'table' | 'index' | 'stream' | 'other',
): boolean {
  const applies = (st: Statement) =>
    [st.Action].flat().includes(request.action) &&
    [st.Resource].flat().some((resource) => placeOf(resource) === request.on) &&
    Object.entries(st.Condition ?? {}).every(([operator, block]) => holds(operator, block, request));
  const matching = statements.filter(applies);
  return matching.some((st) => st.Effect === 'Allow') && !matching.some((st) => st.Effect === 'Deny');
}

/** An authorization check that no repository method sends, to probe what a role would allow. */
export const probe = (action: string, leadingKeys: string[], more: Partial<TableRequest> = {}): TableRequest => ({
  action: `dynamodb:${action}`,
  on: 'table',
  leadingKeys,
  ...more,
});

/** The authorization checks behind one DynamoDB command: a DocumentClient one, or the scan reader's GetItem. */
export function checksOf(command: object): TableRequest[] {
  const item = (action: string, pk: unknown, returnValues?: string): TableRequest => ({
    action: `dynamodb:${action}`,
    on: 'table',
    leadingKeys: [String(pk)],
    ...(returnValues === undefined ? {} : { returnValues }),
  });
  if (command instanceof GetCommand) return [item('GetItem', command.input.Key?.pk)];
  if (command instanceof GetItemCommand) return [item('GetItem', command.input.Key?.pk?.S)];
  if (command instanceof PutCommand) return [item('PutItem', command.input.Item?.pk, command.input.ReturnValues)];
  if (command instanceof UpdateCommand) return [item('UpdateItem', command.input.Key?.pk, command.input.ReturnValues)];
  if (command instanceof DeleteCommand) return [item('DeleteItem', command.input.Key?.pk, command.input.ReturnValues)];
  if (command instanceof QueryCommand) {
    const pk = command.input.ExpressionAttributeValues?.[':pk'];
    return [{ ...item('Query', pk), on: command.input.IndexName ? 'index' : 'table' }];
  }
  if (command instanceof BatchGetCommand) {
    // One check for the whole batch, whose leading keys are every key of every table it names.
    const keys = Object.values(command.input.RequestItems ?? {}).flatMap((request) => request.Keys ?? []);
    return [{ action: 'dynamodb:BatchGetItem', on: 'table', leadingKeys: keys.map((key) => String(key.pk)) }];
  }
  if (command instanceof TransactWriteCommand) {
    // A transaction is authorized item by item, as the single-item action each element stands for.
    return (command.input.TransactItems ?? []).map((element: NonNullable<TransactWriteCommandInput['TransactItems']>[number]) => {
      if (element.Put) return item('PutItem', element.Put.Item?.pk);
      if (element.Update) return item('UpdateItem', element.Update.Key?.pk);
      if (element.Delete) return item('DeleteItem', element.Delete.Key?.pk);
      if (element.ConditionCheck) return item('ConditionCheckItem', element.ConditionCheck.Key?.pk);
      throw new Error('Empty transaction element');
    });
  }
  throw new Error(`No authorization mapping for ${command.constructor.name}`);
}
