import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { Logger } from '@mim/observability';
import {
  GraphQLError,
  Kind,
  getOperationAST,
  parse,
  type DocumentNode,
  type GraphQLFormattedError,
  type SelectionSetNode,
} from 'graphql';
import type { GatewayContext } from './context';
import { ForwardingDataSource } from './forwarding-data-source';

type GatewayGraphQLResponse = Awaited<ReturnType<ForwardingDataSource['process']>>;

/** Statuses of a proxy or load balancer in front of a subgraph that has no healthy backend. */
const unavailableStatuses: ReadonlySet<number> = new Set([502, 503, 504]);

/**
 * True when the subgraph gave no answer: the connection failed (refused, reset, timed out, DNS) or a
 * proxy in front of it answered 502/503/504. A subgraph that answered, even with an error, is not this.
 */
export function isUnreachable(error: unknown): boolean {
  if (error instanceof GraphQLError) {
    const response: unknown = error.extensions.response;
    const status =
      typeof response === 'object' && response !== null && 'status' in response ? response.status : undefined;
    return typeof status === 'number' && unavailableStatuses.has(status);
  }
  // make-fetch-happen's FetchError: `type` 'system' for socket errors, 'request-timeout' for timeouts.
  if (error instanceof Error && 'type' in error) {
    return error.type === 'system' || error.type === 'request-timeout';
  }
  return false;
}

function parseOrNull(query: string): DocumentNode | null {
  try {
    return parse(query);
  } catch {
    return null;
  }
}

function responseNames(selectionSet: SelectionSetNode, typeName?: string): string[] {
  return selectionSet.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return [selection.alias?.value ?? selection.name.value];
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      const condition = selection.typeCondition?.name.value;
      return condition === undefined || typeName === undefined || condition === typeName
        ? responseNames(selection.selectionSet, typeName)
        : [];
    }
    return []; // The query planner inlines fragments; subgraph fetches hold no spreads.
  });
}

/**
 * The paths, in the subgraph fetch's own terms, of every field the fetch would have answered: root
 * fields, or `_entities.<i>.<field>` for each entity asked for. Apollo Gateway maps them onto the
 * client's operation, so each missing field gets its own error.
 */
function fetchedFieldPaths(
  request: { query?: string; variables?: unknown },
  document: DocumentNode | undefined,
): (string | number)[][] {
  const { variables } = request;
  const parsed = document ?? (request.query ? parseOrNull(request.query) : null);
  const operation = parsed ? getOperationAST(parsed) : null;
  if (!operation) return [];
  return operation.selectionSet.selections.flatMap((selection) => {
    if (selection.kind !== Kind.FIELD) return [];
    const name = selection.alias?.value ?? selection.name.value;
    if (selection.name.value !== '_entities' || !selection.selectionSet) return [[name]];
    const representations =
      typeof variables === 'object' && variables !== null && 'representations' in variables
        ? variables.representations
        : undefined;
    if (!Array.isArray(representations)) return [[name]];
    const entitySelection = selection.selectionSet;
    return representations.flatMap((representation: unknown, index) => {
      const typeName =
        typeof representation === 'object' && representation !== null && '__typename' in representation
          ? String(representation.__typename)
          : undefined;
      return responseNames(entitySelection, typeName)
        .filter((field) => field !== '__typename')
        .map((field) => [name, index, field]);
    });
  });
}

/**
 * A subgraph the gateway routes to. When the subgraph cannot be reached, the fetch answers with one
 * SUBGRAPH_UNAVAILABLE error per field it would have resolved (with `serviceName`, without the internal
 * address or system error, which are logged under the correlation id) instead of failing, so the rest of
 * the operation is answered. Nothing is cached: the next operation tries the subgraph again, so the
 * gateway recovers by itself when the subgraph returns.
 */
export class SubgraphDataSource extends ForwardingDataSource {
  constructor(
    readonly serviceName: string,
    url: string,
    private readonly logger: Logger,
    /** A subgraph that accepts the connection but never answers is unavailable after this long. */
    timeoutMs?: number,
  ) {
    super({ url });
    if (timeoutMs !== undefined) {
      // make-fetch-happen (Apollo's default fetcher) aborts with a 'request-timeout' FetchError, which
      // `isUnreachable` treats like a refused connection.
      const fetcher = this.fetcher;
      this.fetcher = (input, init) => fetcher(input, { ...init, timeout: timeoutMs } as typeof init);
    }
  }

  override async process(
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
  ): Promise<GatewayGraphQLResponse> {
    try {
      return await super.process(options);
    } catch (error) {
      // Health checks and schema loading carry no client operation; their failures stay failures.
      if (!('incomingRequestContext' in options) || !isUnreachable(error)) throw error;
      this.logger.warn(
        { err: error, serviceName: this.serviceName, correlationId: options.context.correlationId },
        `subgraph "${this.serviceName}" is unavailable; answering its fields with SUBGRAPH_UNAVAILABLE`,
      );
      const message = `The ${this.serviceName} service is unavailable; its fields are null.`;
      const extensions = { code: 'SUBGRAPH_UNAVAILABLE', serviceName: this.serviceName };
      const paths = fetchedFieldPaths(options.request, options.document);
      const errors: GraphQLFormattedError[] =
        paths.length > 0 ? paths.map((path) => ({ message, path, extensions })) : [{ message, extensions }];
      return { errors };
    }
  }
}
