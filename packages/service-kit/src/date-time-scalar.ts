import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

/** ISO-8601 instants with an offset; every subgraph declares `scalar DateTime` and uses this resolver. */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An instant, as an ISO-8601 string with a time-zone offset',
  serialize(value) {
    const date = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new GraphQLError('DateTime cannot represent an invalid date');
    return date.toISOString();
  },
  parseValue(value) {
    return parseInstant(value);
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw invalid();
    return parseInstant(ast.value);
  },
});

function parseInstant(value: unknown): Date {
  if (
    typeof value !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)
  ) {
    throw invalid();
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw invalid();
  return date;
}

function invalid() {
  return new GraphQLError('DateTime must be an ISO-8601 string with a time-zone offset', {
    extensions: { code: 'BAD_USER_INPUT' },
  });
}
