import {
  Kind,
  visit,
  type ArgumentNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type ValidationRule,
} from 'graphql';
import { limitError, type RejectionListener } from './limit-error';

/** The connection arguments every MIM list field takes (`incidents(first: ...)`, `timeline(first: ...)`). */
const pageSizeArguments: ReadonlySet<string> = new Set(['first', 'last']);

const isPageSizeArgument = (node: ArgumentNode) => pageSizeArguments.has(node.name.value);

const refusal = (maximum: number, found: number, argument: ArgumentNode, variable?: string) =>
  limitError(
    'page_size',
    variable === undefined
      ? `Page size limit of ${maximum} exceeded: ${argument.name.value}: ${found}.`
      : `Page size limit of ${maximum} exceeded: ${argument.name.value}: $${variable} is ${found}.`,
    { maximum, ...(variable === undefined ? {} : { variable }) },
    argument,
  );

/**
 * PAGE_SIZE_TOO_LARGE for a literal `first`/`last` field argument above `maxPageSize`. A value passed
 * through a variable is invisible to validation; `pageSizeVariablesCheck` covers it once values are known.
 */
export function pageSizeRule(maxPageSize: number, onReject: RejectionListener): ValidationRule {
  return (context) => ({
    Field(field) {
      for (const argument of field.arguments ?? []) {
        if (!isPageSizeArgument(argument) || argument.value.kind !== Kind.INT) continue;
        const found = Number(argument.value.value);
        if (found <= maxPageSize) continue;
        const refused = refusal(maxPageSize, found, argument);
        context.reportError(refused);
        onReject('page_size', refused);
      }
    },
  });
}

/** The operation to run and the fragments of the document (what its variables can reach). */
export interface SelectedOperation {
  operation: OperationDefinitionNode;
  fragments: readonly FragmentDefinitionNode[];
}

/**
 * The integer value of every variable used as a `first`/`last` argument: the value sent, else the
 * variable's default. Values that are not whole numbers are left to variable coercion to refuse.
 */
export function pageSizeVariableValues(
  { operation, fragments }: SelectedOperation,
  variables: Readonly<Record<string, unknown>> | undefined,
): Map<string, { value: number; argument: ArgumentNode }> {
  const defaults = new Map<string, unknown>();
  for (const definition of operation.variableDefinitions ?? []) {
    const literal = definition.defaultValue;
    if (literal?.kind === Kind.INT) defaults.set(definition.variable.name.value, Number(literal.value));
  }
  const found = new Map<string, { value: number; argument: ArgumentNode }>();
  const collect = {
    Argument(argument: ArgumentNode) {
      if (!isPageSizeArgument(argument) || argument.value.kind !== Kind.VARIABLE) return;
      const name = argument.value.name.value;
      const sent = variables && Object.hasOwn(variables, name) ? variables[name] : undefined;
      const value = sent ?? defaults.get(name);
      if (typeof value === 'number' && Number.isSafeInteger(value)) found.set(name, { value, argument });
    },
  };
  for (const node of [operation, ...fragments]) visit(node, collect);
  return found;
}

/** PAGE_SIZE_TOO_LARGE for the first variable-supplied page size above `maxPageSize`, else null. */
export function pageSizeVariablesCheck(
  maxPageSize: number,
  values: ReadonlyMap<string, { value: number; argument: ArgumentNode }>,
) {
  for (const [variable, { value, argument }] of values) {
    if (value > maxPageSize) return refusal(maxPageSize, value, argument, variable);
  }
  return null;
}

/**
 * The operation and its fragments as one document with each page-size variable replaced by its value,
 * so a cost estimate that only understands literals sees the real page sizes.
 */
export function withPageSizesInlined(
  { operation, fragments }: SelectedOperation,
  values: ReadonlyMap<string, { value: number }>,
): DocumentNode {
  const inline = {
    Argument(argument: ArgumentNode): ArgumentNode | undefined {
      if (!isPageSizeArgument(argument) || argument.value.kind !== Kind.VARIABLE) return undefined;
      const known = values.get(argument.value.name.value);
      return known ? { ...argument, value: { kind: Kind.INT, value: String(known.value) } } : undefined;
    },
  };
  return {
    kind: Kind.DOCUMENT,
    definitions: [operation, ...fragments].map((node) => visit(node, inline)),
  };
}
