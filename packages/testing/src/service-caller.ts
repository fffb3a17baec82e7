import { type GraphQLResponse, graphqlRequest } from './graphql-request';

/**
 * GraphQL calls to one running service, as its integration tests make them: a raw call, one that must
 * succeed (its single root field), and one that must fail (its first error's code). Each service's test
 * harness extends it with its own factories; `TDefault` is what `ok` returns unless told otherwise.
 */
export abstract class ServiceCaller<TDefault = unknown> {
  protected abstract get url(): string;

  call<T = Record<string, unknown>>(
    token: string,
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<GraphQLResponse<T>> {
    return graphqlRequest<T>(this.url, query, { token, variables });
  }

  /** Runs an operation that must succeed and returns its single root field. */
  async ok<T = TDefault>(token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await this.call<Record<string, T>>(token, query, variables);
    if (response.errors) throw new Error(`unexpected errors: ${JSON.stringify(response.errors)}`);
    const [value] = Object.values(response.data ?? {});
    if (value === undefined) throw new Error(`no data in ${JSON.stringify(response)}`);
    return value;
  }

  /** The first error's code, for an operation that must fail (throws when it succeeds). */
  async errorCode(token: string, query: string, variables: Record<string, unknown> = {}): Promise<unknown> {
    const response = await this.call(token, query, variables);
    if (!response.errors) throw new Error(`expected an error, got ${JSON.stringify(response.data)}`);
    return response.errors[0]?.extensions?.code;
  }
}
