import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createReadinessCheck, healthUrlOf, readinessStatus } from './health';

describe('readinessStatus', () => {
  const all = {
    supergraphLoaded: true,
    subgraphsUp: 5,
    subgraphsDown: 0,
    requiredChecksDown: 0,
    optionalChecksDown: 0,
  };

  it.each([
    ['everything answers', all, 'ready'],
    ['one subgraph is down', { ...all, subgraphsUp: 4, subgraphsDown: 1 }, 'degraded'],
    ['an optional check fails', { ...all, optionalChecksDown: 1 }, 'degraded'],
    ['all subgraphs but one are down', { ...all, subgraphsUp: 1, subgraphsDown: 4 }, 'degraded'],
    ['no subgraph answers', { ...all, subgraphsUp: 0, subgraphsDown: 5 }, 'unavailable'],
    ['there is no subgraph at all', { ...all, subgraphsUp: 0 }, 'unavailable'],
    ['the supergraph is not loaded', { ...all, supergraphLoaded: false }, 'unavailable'],
    ['a required check fails', { ...all, requiredChecksDown: 1 }, 'unavailable'],
  ] as const)('%s: %s', (_case, input, expected) => {
    expect(readinessStatus(input)).toBe(expected);
  });
});

describe('createReadinessCheck', () => {
  let server: http.Server;
  let url: string;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      res.statusCode = req.url === '/healthz' ? 200 : 404;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("reports extra checks by name: a failing optional one degrades, a required one's failure is unavailable", async () => {
    const subgraphs = () => [
      { name: 'incident', url },
      { name: 'problem', url: 'http://127.0.0.1:9/graphql' },
    ];
    const degraded = await createReadinessCheck({
      isSupergraphLoaded: () => true,
      subgraphs,
      extraChecks: [
        { name: 'events', check: () => Promise.resolve(false) },
        { name: 'cache', check: () => Promise.resolve(true) },
      ],
    })();
    expect(degraded).toEqual({
      status: 'degraded',
      ready: true,
      supergraphLoaded: true,
      subgraphs: { incident: 'up', problem: 'down' },
      checks: { events: 'down', cache: 'up' },
      down: ['problem', 'events'],
    });

    const unavailable = await createReadinessCheck({
      isSupergraphLoaded: () => true,
      subgraphs: () => [{ name: 'incident', url }],
      timeoutMs: 100,
      extraChecks: [
        { name: 'events', required: true, check: () => Promise.reject(new Error('no feed')) },
        {
          name: 'slow',
          check: () => new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 1000)),
        },
      ],
    })();
    expect(unavailable).toMatchObject({ status: 'unavailable', ready: false, down: ['events', 'slow'] });
  });

  it('derives the health URL of a subgraph', () => {
    expect(healthUrlOf('http://incident:4001/graphql')).toBe('http://incident:4001/healthz');
    expect(healthUrlOf('https://gw.example/api/problem/graphql/?x=1')).toBe(
      'https://gw.example/api/problem/healthz',
    );
  });
});
