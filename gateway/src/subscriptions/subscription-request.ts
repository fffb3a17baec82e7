import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLField,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  OperationTypeNode,
  type SelectionSetNode,
  getNamedType,
  getOperationAST,
  print,
  visit,
} from 'graphql';
import { getArgumentValues, getVariableValues } from 'graphql/execution/values';

/** Aliases the gateway adds to payload queries; a client may not use them. */
export const reservedAliasPrefix = 'mim_';

/** What the gateway needs of one validated subscription operation to resolve its payloads as queries. */
export interface SubscriptionRequest {
  fieldName: string;
  /** The key the client expects the payload under (its alias, or the field name). */
  responseKey: string;
  /** The root field's arguments, coerced (defaults applied, variables substituted). */
  args: Record<string, unknown>;
  /** The payload's type name, for the inline fragment that wraps the client's selection. */
  payloadType: string;
  /** `... on Type { <the client's selection> }`, ready to place inside a query. */
  selection: string;
  /** The fragment definitions the selection uses. */
  fragments: string;
  /** The client's variable definitions the selection uses, and their values. */
  variableDefinitions: string[];
  variables: Record<string, unknown>;
}

function rootField(operation: OperationDefinitionNode): FieldNode | null {
  const [selection] = operation.selectionSet.selections;
  return operation.selectionSet.selections.length === 1 && selection?.kind === Kind.FIELD ? selection : null;
}

/** The fragment names used under `selectionSet`, following spreads into fragments transitively. */
function usedFragments(
  selectionSet: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): FragmentDefinitionNode[] {
  const found = new Map<string, FragmentDefinitionNode>();
  const pending: SelectionSetNode[] = [selectionSet];
  while (pending.length > 0) {
    const next = pending.pop() as SelectionSetNode;
    visit(next, {
      FragmentSpread(node) {
        const fragment = fragments.get(node.name.value);
        if (fragment && !found.has(fragment.name.value)) {
          found.set(fragment.name.value, fragment);
          pending.push(fragment.selectionSet);
        }
      },
    });
  }
  return [...found.values()];
}

function usedVariableNames(nodes: readonly (SelectionSetNode | FragmentDefinitionNode)[]): Set<string> {
  const names = new Set<string>();
  for (const node of nodes) {
    visit(node, {
      Variable(variable) {
        names.add(variable.name.value);
      },
    });
  }
  return names;
}

function reservedAliasErrors(nodes: readonly (SelectionSetNode | FragmentDefinitionNode)[]): GraphQLError[] {
  const errors: GraphQLError[] = [];
  for (const node of nodes) {
    visit(node, {
      Field(field) {
        if (field.alias?.value.startsWith(reservedAliasPrefix)) {
          errors.push(
            new GraphQLError(`Aliases starting with "${reservedAliasPrefix}" are reserved`, {
              nodes: field,
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
            }),
          );
        }
      },
    });
  }
  return errors;
}

/**
 * Takes apart a subscription operation that already passed validation: its one root field, that field's
 * coerced arguments, and the client's selection with the fragments and variables it needs, so the payload
 * of each event can be fetched by an ordinary query through the gateway's own federation planner.
 */
export function analyseSubscription(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  rawVariables: Record<string, unknown> | null | undefined,
): SubscriptionRequest | GraphQLError[] {
  const operation = getOperationAST(document, operationName);
  const subscriptionType = schema.getSubscriptionType();
  if (!operation || operation.operation !== OperationTypeNode.SUBSCRIPTION || !subscriptionType) {
    return [new GraphQLError('Expected a subscription operation', { extensions: { code: 'BAD_REQUEST' } })];
  }
  const fieldNode = rootField(operation);
  const field: GraphQLField<unknown, unknown> | undefined = fieldNode
    ? subscriptionType.getFields()[fieldNode.name.value]
    : undefined;
  if (!fieldNode || !field || !fieldNode.selectionSet) {
    return [
      new GraphQLError('A subscription selects exactly one subscription field', {
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      }),
    ];
  }

  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables ?? {});
  if (coerced.errors) {
    return coerced.errors.map(
      (error) =>
        new GraphQLError(error.message, {
          nodes: error.nodes,
          extensions: { code: 'BAD_USER_INPUT' },
        }),
    );
  }
  let args: Record<string, unknown>;
  try {
    args = getArgumentValues(field, fieldNode, coerced.coerced);
  } catch (error) {
    return [
      new GraphQLError(error instanceof Error ? error.message : String(error), {
        extensions: { code: 'BAD_USER_INPUT' },
      }),
    ];
  }

  const fragmentMap = new Map(
    document.definitions
      .filter(
        (definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION,
      )
      .map((fragment) => [fragment.name.value, fragment]),
  );
  const fragments = usedFragments(fieldNode.selectionSet, fragmentMap);
  const reserved = reservedAliasErrors([fieldNode.selectionSet, ...fragments]);
  if (reserved.length > 0) return reserved;

  const variableNames = usedVariableNames([fieldNode.selectionSet, ...fragments]);
  const definitions = (operation.variableDefinitions ?? []).filter((definition) =>
    variableNames.has(definition.variable.name.value),
  );
  const payloadType = getNamedType(field.type).name;
  return {
    fieldName: field.name,
    responseKey: fieldNode.alias?.value ?? field.name,
    args,
    payloadType,
    selection: `... on ${payloadType} ${print(fieldNode.selectionSet)}`,
    fragments: fragments.map((fragment) => print(fragment)).join('\n'),
    variableDefinitions: definitions.map((definition) => print(definition)),
    variables: Object.fromEntries(
      definitions
        .map((definition) => definition.variable.name.value)
        .filter((name) => rawVariables && name in rawVariables)
        .map((name) => [name, rawVariables?.[name]]),
    ),
  };
}

/** Builds `query MimSubscriptionPayload(<defs>) { mim_payload: <field> } <fragments>`. */
export function payloadQuery(
  request: SubscriptionRequest,
  extraDefinitions: string[],
  field: string,
): string {
  const definitions = [...extraDefinitions, ...request.variableDefinitions];
  const head = definitions.length > 0 ? `(${definitions.join(', ')})` : '';
  return `query MimSubscriptionPayload${head} { ${reservedAliasPrefix}payload: ${field} }\n${request.fragments}`;
}
