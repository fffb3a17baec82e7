import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { composeServices } from '@apollo/composition';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { parse } from 'graphql';

export const auth = {
  secret: 'test-secret-'.padEnd(48, 'x'),
  issuer: 'https://auth.mim.local/',
  audience: 'mim-api',
};

export interface TestSubgraph {
  name: string;
  url: string;
  port: number;
  typeDefs: string;
  received: IncomingHttpHeaders[];
  stop(): Promise<void>;
}

/**
 * A real Apollo subgraph over HTTP, recording the headers of every request. On an ephemeral port, or on
 * `port` (to bring a stopped subgraph back where the gateway expects it).
 */
export async function startSubgraph(
  name: string,
  typeDefs: string,
  resolvers: GraphQLResolverMap<unknown>,
  port = 0,
): Promise<TestSubgraph> {
  const server = new ApolloServer({
    schema: buildSubgraphSchema({ typeDefs: parse(typeDefs), resolvers }),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  await server.start();
  const received: IncomingHttpHeaders[] = [];
  const app = express();
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use(
    '/graphql',
    (req, _res, next) => {
      received.push(req.headers);
      next();
    },
    express.json(),
    expressMiddleware(server),
  );
  const httpServer = http.createServer(app);
  await new Promise<void>((resolve) => httpServer.listen(port, '127.0.0.1', resolve));
  const address = httpServer.address() as AddressInfo;
  return {
    name,
    url: `http://127.0.0.1:${address.port}/graphql`,
    port: address.port,
    typeDefs,
    received,
    async stop() {
      await server.stop();
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}

export function composeSupergraph(
  subgraphs: readonly Pick<TestSubgraph, 'name' | 'url' | 'typeDefs'>[],
): string {
  const result = composeServices(
    subgraphs.map(({ name, url, typeDefs }) => ({ name, url, typeDefs: parse(typeDefs) })),
  );
  if (result.errors) throw new Error(result.errors.map((error) => error.message).join('\n'));
  return result.supergraphSdl;
}

export interface GraphQLResponseBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** POSTs an operation to the gateway as a browser would (JSON), returning status, headers and body. */
export async function postGraphQL(
  url: string,
  request: { query: string; variables?: Record<string, unknown>; operationName?: string },
  headers: Record<string, string> = {},
) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(request),
  });
  const body = (await response.json()) as GraphQLResponseBody;
  return { status: response.status, headers: response.headers, body };
}
