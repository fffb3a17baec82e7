import { randomUUID } from 'node:crypto';
import { IncidentHarness, operations } from './incident-harness';

type Page = {
  incidents: {
    nodes: Array<{ number: string; priority: string }>;
    pageInfo: { endCursor: string | null; hasNextPage: boolean };
  };
};
const list = `query($first: Int, $after: String, $filter: IncidentFilter, $sort: IncidentSort) {
  incidents(first: $first, after: $after, filter: $filter, sort: $sort) {
    nodes { number priority } pageInfo { endCursor hasNextPage } } }`;

describe('incident queries (real PostgreSQL and NATS)', () => {
  let harness: IncidentHarness;
  let technician: string;
  /** A service name unique to this run, so filters see only this suite's incidents. */
  const service = `svc-${randomUUID().slice(0, 8)}`;
  const numbers: Record<string, string> = {};

  beforeAll(async () => {
    harness = await IncidentHarness.start();
    technician = await harness.token('tech-1', ['service_desk_technician'], 'Tess Tech');
    const hour = 3_600_000;
    const make = async (
      key: string,
      input: Record<string, unknown>,
      hoursAgo: number,
    ): Promise<{ id: string; version: number }> => {
      const created = await harness.create(technician, {
        affectedServices: [service],
        reportedAt: new Date(Date.now() - hoursAgo * hour).toISOString(),
        ...input,
      });
      numbers[key] = created.number;
      return created;
    };
    await make(
      'vpn',
      {
        title: 'VPN tunnel drops',
        description: 'Users disconnect',
        impact: 'MINOR',
        urgency: 'LOW',
        channel: 'EMAIL',
      },
      5,
    );
    const printer = await make(
      'printer',
      {
        title: 'Printer jam',
        description: 'Paper stuck',
        symptoms: 'Error E42 blinking',
        impact: 'MODERATE',
        urgency: 'HIGH',
        channel: 'PHONE',
      },
      4,
    );
    const outage = await make(
      'outage',
      {
        title: 'Checkout outage',
        description: 'HTTP 502 on every request',
        impact: 'EXTENSIVE',
        urgency: 'CRITICAL',
        channel: 'MONITORING',
        configurationItems: ['lb-01'],
      },
      3,
    );
    await make(
      'slow',
      {
        title: 'Slow dashboards',
        description: 'Reports take minutes',
        impact: 'SIGNIFICANT',
        urgency: 'HIGH',
        channel: 'PORTAL',
      },
      2,
    );
    // Work some of them: an assignee, a group and tier, a status.
    await harness.ok(technician, operations.assign, {
      input: {
        id: printer.id,
        expectedVersion: printer.version,
        assignee: { id: 'tech-1', name: 'Tess Tech' },
      },
    });
    const escalated = await harness.ok(technician, operations.escalate, {
      input: {
        id: outage.id,
        expectedVersion: outage.version,
        reason: 'network',
        assignmentGroup: 'network-operations',
      },
    });
    await harness.ok(technician, operations.start, { id: outage.id, v: escalated.version });
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const query = async (variables: Record<string, unknown>) => {
    const response = await harness.call<Page>(technician, list, {
      first: 50,
      ...variables,
      filter: { service, ...(variables.filter as object) },
    });
    expect(response.errors).toBeUndefined();
    return response.data!.incidents;
  };
  const keys = (nodes: Array<{ number: string }>) =>
    nodes.map((node) => Object.keys(numbers).find((key) => numbers[key] === node.number));

  it('sorts newest first by default, oldest first, or by priority', async () => {
    expect(keys((await query({})).nodes)).toEqual(['slow', 'outage', 'printer', 'vpn']);
    expect(keys((await query({ sort: 'OLDEST' })).nodes)).toEqual(['vpn', 'printer', 'outage', 'slow']);
    expect((await query({ sort: 'PRIORITY' })).nodes.map((node) => node.priority)).toEqual([
      'P1',
      'P3',
      'P4',
      'P5',
    ]);
  });

  it.each([
    ['status', { status: ['IN_PROGRESS'] }, ['outage']],
    ['priority', { priority: ['P4', 'P5'] }, ['printer', 'vpn']],
    ['assignee', { assigneeId: 'tech-1' }, ['printer']],
    ['group', { assignmentGroup: 'network-operations' }, ['outage']],
    ['tier', { supportTier: ['L2'] }, ['outage']],
    ['channel', { channel: ['EMAIL', 'PORTAL'] }, ['slow', 'vpn']],
    ['configuration item', { configurationItem: 'lb-01' }, ['outage']],
    ['full text in the title', { search: 'vpn' }, ['vpn']],
    ['full text in the symptoms', { search: 'E42' }, ['printer']],
    ['full text with stemming and an OR', { search: 'disconnecting or dashboard' }, ['slow', 'vpn']],
    ['full text excluding a word', { search: 'http -checkout' }, []],
  ])('filters by %s', async (_case, filter, expected) => {
    expect(keys((await query({ filter })).nodes)).toEqual(expected);
  });

  it('filters by report time, start included and end excluded', async () => {
    const from = new Date(Date.now() - 4.5 * 3_600_000).toISOString();
    const to = new Date(Date.now() - 2.5 * 3_600_000).toISOString();
    expect(keys((await query({ filter: { reportedFrom: from, reportedTo: to } })).nodes)).toEqual([
      'outage',
      'printer',
    ]);
  });

  it.each(['NEWEST', 'OLDEST', 'PRIORITY'])(
    'pages %s with a cursor that only that order accepts',
    async (sort) => {
      const all = (await query({ sort })).nodes.map((node) => node.number);
      const seen: string[] = [];
      let after: string | null = null;
      for (let guard = 0; guard < 10; guard += 1) {
        const page: Page['incidents'] = await query({ sort, first: 1, after });
        seen.push(...page.nodes.map((node) => node.number));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen).toEqual(all);
      const firstPage = await query({ sort, first: 1 });
      const other = sort === 'OLDEST' ? 'NEWEST' : 'OLDEST';
      const response = await harness.call(technician, list, {
        sort: other,
        after: firstPage.pageInfo.endCursor,
      });
      expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    },
  );

  it('finds an incident by its number', async () => {
    const response = await harness.call<{ incidentByNumber: { number: string } | null; missing: unknown }>(
      technician,
      `query($n: String!) { incidentByNumber(number: $n) { number } missing: incidentByNumber(number: "INC-999999") { number } }`,
      { n: numbers.vpn },
    );
    expect(response.data).toEqual({ incidentByNumber: { number: numbers.vpn }, missing: null });
  });

  it('uses the indexes the filters need', async () => {
    const indexes = await harness.service.deps.dataSource.query<Array<{ indexname: string }>>(
      `SELECT indexname FROM pg_indexes WHERE tablename = 'incident' ORDER BY indexname`,
    );
    expect(indexes.map((index) => index.indexname)).toEqual(
      expect.arrayContaining([
        'incident_search_idx',
        'incident_status_reported_idx',
        'incident_priority_reported_idx',
        'incident_assignee_reported_idx',
        'incident_group_reported_idx',
        'incident_tier_reported_idx',
        'incident_channel_reported_idx',
        'incident_services_idx',
        'incident_reported_idx',
      ]),
    );
    // With sequential scans priced out, the planner answers a search from the GIN index.
    const plan = await harness.service.deps.dataSource.transaction(async (manager) => {
      await manager.query('SET LOCAL enable_seqscan = off');
      return manager.query<Array<{ 'QUERY PLAN': string }>>(
        `EXPLAIN SELECT id FROM incident WHERE search @@ websearch_to_tsquery('english', 'vpn')`,
      );
    });
    expect(plan.map((line) => line['QUERY PLAN']).join('\n')).toContain('incident_search_idx');
  });
});
