import { randomUUID } from 'node:crypto';
import { IncidentHarness, type Incident, operations } from './incident-harness';

const candidateFields = `id reason service status raisedAt decidedAt decidedBy { id name } dismissReason
  incidents { id number } majorIncident { id isMajor children { id } }`;
const listCandidates = `query($status: MajorIncidentCandidateStatus, $first: Int, $after: String) {
  majorIncidentCandidates(status: $status, first: $first, after: $after) {
    nodes { ${candidateFields} } pageInfo { hasNextPage endCursor } } }`;
const promote = `mutation($input: PromoteMajorIncidentCandidateInput!) {
  promoteMajorIncidentCandidate(input: $input) { ${candidateFields} } }`;
const dismiss = `mutation($input: DismissMajorIncidentCandidateInput!) {
  dismissMajorIncidentCandidate(input: $input) { ${candidateFields} } }`;
const family = `query($id: ID!) { incident(id: $id) { id status resolutionCode resolutionNotes isMajor
  parent { id number } children { id number status } } }`;

interface Candidate {
  id: string;
  reason: string;
  service: string | null;
  status: string;
  decidedAt: string | null;
  decidedBy: { id: string; name: string } | null;
  dismissReason: string | null;
  incidents: Array<{ id: string; number: string }>;
  majorIncident: { id: string; isMajor: boolean; children: Array<{ id: string }> } | null;
}

/**
 * Major incident candidates through HTTP, on real PostgreSQL (pg_trgm) and NATS: a flood of incidents
 * on one service or with similar text within the window raises exactly one candidate (also when created
 * at once), a spread-out trickle none, a critical alert one; promoting declares and links, dismissing
 * records why; refusals are coded and change nothing.
 */
describe('major incident candidates (real PostgreSQL and NATS)', () => {
  let harness: IncidentHarness;
  let technician: string;
  let manager: string;
  let alice: string;
  let analyst: string;

  beforeAll(async () => {
    harness = await IncidentHarness.start();
    technician = await harness.token('tech-1', ['service_desk_technician'], 'Tess Tech');
    manager = await harness.token('mim-1', ['major_incident_manager'], 'Mia Manager');
    alice = await harness.token('alice', ['end_user'], 'Alice');
    analyst = await harness.token('ana', ['analyst'], 'Ana');
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
  const unique = () => randomUUID().slice(0, 8);

  /** Incidents on one service, reported `minutesAgo` each (a technician dating phone reports). */
  const flood = async (
    service: string,
    minutes: number[],
    title = (i: number) => `Ticket ${unique()} ${i}`,
  ) => {
    const created: Incident[] = [];
    for (const [i, ago] of minutes.entries()) {
      created.push(
        await harness.create(technician, {
          title: title(i),
          affectedServices: [service],
          impact: 'MODERATE',
          urgency: 'MEDIUM',
          reportedAt: minutesAgo(ago),
        }),
      );
    }
    return created;
  };

  const candidates = async (token = manager, status?: string): Promise<Candidate[]> => {
    const page = await harness.ok<{ nodes: Candidate[] }>(token, listCandidates, { status, first: 100 });
    return page.nodes;
  };
  const candidatesListing = async (ids: string[]) =>
    (await candidates()).filter((candidate) =>
      candidate.incidents.some((incident) => ids.includes(incident.id)),
    );

  const candidateEvents = async (candidateId: string) =>
    harness.service.deps.dataSource.query<
      Array<{ subject: string; data: Record<string, unknown>; aggregate: Record<string, unknown> }>
    >(
      `SELECT subject, envelope->'data' AS data, envelope->'aggregate' AS aggregate FROM outbox_message
        WHERE envelope->'data'->>'candidateId' = $1 ORDER BY position`,
      [candidateId],
    );

  it('raises exactly one SAME_SERVICE candidate for 6 incidents on a service within 10 minutes', async () => {
    const service = `payroll-${unique()}`;
    const incidents = await flood(service, [10, 8, 6, 4, 2, 0]);
    const ids = incidents.map((incident) => incident.id);
    const found = await candidatesListing(ids);
    expect(found).toHaveLength(1);
    const [candidate] = found;
    expect(candidate).toMatchObject({ reason: 'SAME_SERVICE', service, status: 'OPEN', decidedAt: null });
    // The fifth raised it, the sixth was absorbed.
    expect(candidate!.incidents.map((incident) => incident.id).sort()).toEqual([...ids].sort());
    const events = await candidateEvents(candidate!.id);
    expect(events).toEqual([
      {
        subject: 'incident.major_candidate_raised.v1',
        aggregate: { type: 'major_incident_candidate', id: candidate!.id, version: 1 },
        data: {
          candidateId: candidate!.id,
          reason: 'SAME_SERVICE',
          service,
          incidentIds: expect.arrayContaining(ids.slice(0, 5)),
          raisedAt: expect.any(String),
        },
      },
    ]);
    expect(events[0]!.data.incidentIds).toHaveLength(5);
  });

  it('raises one SIMILAR_TEXT candidate for 6 similar reports without a common service', async () => {
    const word = unique();
    const incidents: Incident[] = [];
    for (const [i, ago] of [9, 7, 5, 3, 1, 0].entries()) {
      incidents.push(
        await harness.create(technician, {
          title: `Cannot open the ${word} expense report form`,
          symptoms: i % 2 ? `Form ${word} shows error 500` : null,
          affectedServices: [`desk-${unique()}`],
          impact: 'MINOR',
          urgency: 'LOW',
          reportedAt: minutesAgo(ago),
        }),
      );
    }
    const found = await candidatesListing(incidents.map((incident) => incident.id));
    expect(found).toHaveLength(1);
    expect(found[0]!.reason).toBe('SIMILAR_TEXT');
    expect(found[0]!.incidents).toHaveLength(6);
  });

  it('raises none for 6 incidents on a service spread over 2 hours', async () => {
    const incidents = await flood(`hr-${unique()}`, [120, 96, 72, 48, 24, 0]);
    expect(await candidatesListing(incidents.map((incident) => incident.id))).toEqual([]);
  });

  it('raises exactly one candidate when 6 incidents are created at once', async () => {
    const service = `vpn-${unique()}`;
    const incidents = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        harness.create(technician, { title: `Concurrent ${unique()} ${i}`, affectedServices: [service] }),
      ),
    );
    const found = await candidatesListing(incidents.map((incident) => incident.id));
    expect(found).toHaveLength(1);
    expect(found[0]!.incidents).toHaveLength(6);
    const [{ count }] = await harness.service.deps.dataSource.query<[{ count: number }]>(
      `SELECT count(*)::int AS count FROM major_incident_candidate WHERE service = $1`,
      [service],
    );
    expect(count).toBe(1);
  });

  it('raises a CRITICAL_ALERT candidate for a critical monitoring alert, which absorbs the tickets that follow', async () => {
    const service = `dns-${unique()}`;
    const alert = await harness.create(technician, {
      title: `DNS resolution failing ${unique()}`,
      channel: 'MONITORING',
      impact: 'SIGNIFICANT',
      urgency: 'CRITICAL',
      affectedServices: [service],
    });
    const [ticket] = await flood(service, [0]);
    const found = await candidatesListing([alert.id]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ reason: 'CRITICAL_ALERT', service });
    expect(found[0]!.incidents.map((incident) => incident.id)).toEqual([alert.id, ticket!.id]);
  });

  it('promotes: declares the chosen incident, links the others as children, emits the events', async () => {
    const incidents = await flood(`crm-${unique()}`, [5, 4, 3, 2, 1]);
    const [candidate] = await candidatesListing([incidents[0]!.id]);
    const chosen = incidents[2]!;
    const promoted = await harness.ok<Candidate>(manager, promote, {
      input: {
        candidateId: candidate!.id,
        majorIncidentId: chosen.id,
        impactStatement: 'Nobody can use the CRM',
      },
    });
    const others = incidents.filter((incident) => incident.id !== chosen.id).map((incident) => incident.id);
    expect(promoted).toMatchObject({
      status: 'PROMOTED',
      decidedBy: { id: 'mim-1', name: 'Mia Manager' },
      decidedAt: expect.any(String),
      majorIncident: { id: chosen.id, isMajor: true },
    });
    expect(promoted.majorIncident!.children.map((child) => child.id).sort()).toEqual([...others].sort());
    const child = await harness.ok<{ parent: { id: string } }>(manager, family, { id: others[0] });
    expect(child.parent.id).toBe(chosen.id);

    const subjects = (await harness.events(chosen.id)).map((event) => event.subject);
    expect(subjects).toEqual(
      expect.arrayContaining(['incident.major_declared.v1', 'incident.children_linked.v1']),
    );
    const linked = (await harness.events(chosen.id)).find(
      (event) => event.subject === 'incident.children_linked.v1',
    );
    expect((linked!.data.childIds as string[]).sort()).toEqual([...others].sort());
    expect(
      (await candidateEvents(candidate!.id)).map((event) => [event.subject, event.aggregate.version]),
    ).toEqual([
      ['incident.major_candidate_raised.v1', 1],
      ['incident.major_candidate_promoted.v1', 2],
    ]);
    // Timeline on both sides; the child's reporter sees it (PUBLIC).
    const parentKinds = (await harness.recordedEntries(chosen.id)).map((entry) => entry.kind);
    expect(parentKinds).toEqual(expect.arrayContaining(['major_declared', 'children_linked']));
    expect((await harness.recordedEntries(others[0]!)).at(-1)).toMatchObject({
      kind: 'linked_to_major',
      visibility: 'PUBLIC',
    });
    // Decided once.
    expect(
      await harness.errorCode(manager, dismiss, { input: { candidateId: candidate!.id, reason: 'late' } }),
    ).toBe('INVALID_TRANSITION');
    // Listed among the promoted ones.
    expect((await candidates(manager, 'PROMOTED')).map((found) => found.id)).toContain(candidate!.id);
  });

  it('dismisses with a reason; refusals are coded and change nothing', async () => {
    const incidents = await flood(`wiki-${unique()}`, [5, 4, 3, 2, 1]);
    const [candidate] = await candidatesListing([incidents[0]!.id]);
    const input = { candidateId: candidate!.id, reason: 'Known maintenance window' };
    const before = await harness.counts();
    expect(await harness.errorCode(technician, dismiss, { input })).toBe('FORBIDDEN');
    expect(await harness.errorCode(alice, listCandidates)).toBe('FORBIDDEN');
    expect(await harness.errorCode(analyst, listCandidates)).toBe('FORBIDDEN');
    expect(await harness.errorCode(manager, dismiss, { input: { ...input, reason: '  ' } })).toBe(
      'BAD_USER_INPUT',
    );
    expect(
      await harness.errorCode(manager, promote, {
        input: { candidateId: candidate!.id, majorIncidentId: incidents[0]!.id },
      }),
    ).toBe('BAD_USER_INPUT'); // no impact statement to declare it with
    const stranger = await harness.create(technician, {
      title: `Unrelated ${unique()}`,
      affectedServices: [],
    });
    const afterStranger = await harness.counts();
    expect(
      await harness.errorCode(manager, promote, {
        input: { candidateId: candidate!.id, majorIncidentId: stranger.id, impactStatement: 'x' },
      }),
    ).toBe('BAD_USER_INPUT');
    expect(
      await harness.errorCode(manager, dismiss, { input: { candidateId: randomUUID(), reason: 'x' } }),
    ).toBe('NOT_FOUND');
    expect(await harness.counts()).toEqual(afterStranger);
    expect(afterStranger.incidents).toBe(before.incidents + 1);
    expect((await candidatesListing([incidents[0]!.id]))[0]!.status).toBe('OPEN');

    const dismissed = await harness.ok<Candidate>(manager, dismiss, { input });
    expect(dismissed).toMatchObject({ status: 'DISMISSED', dismissReason: 'Known maintenance window' });
    expect((await candidateEvents(candidate!.id)).at(-1)).toMatchObject({
      subject: 'incident.major_candidate_dismissed.v1',
      data: { candidateId: candidate!.id, reason: 'Known maintenance window' },
    });
    expect((await candidates(technician, 'DISMISSED')).map((found) => found.id)).toContain(candidate!.id);
  });
});

/** Parent and children: linking rules, and resolving the parent resolves its open children. */
describe('parent and children (real PostgreSQL and NATS)', () => {
  let harness: IncidentHarness;
  let technician: string;
  let manager: string;
  let alice: string;

  const link = `mutation($input: LinkIncidentsToMajorIncidentInput!) {
    linkIncidentsToMajorIncident(input: $input) { id children { id } } }`;
  const unlink = `mutation($input: UnlinkIncidentFromMajorIncidentInput!) {
    unlinkIncidentFromMajorIncident(input: $input) { id children { id } } }`;

  beforeAll(async () => {
    harness = await IncidentHarness.start();
    technician = await harness.token('tech-1', ['service_desk_technician'], 'Tess Tech');
    manager = await harness.token('mim-1', ['major_incident_manager'], 'Mia Manager');
    alice = await harness.token('alice', ['end_user'], 'Alice');
  });
  afterAll(async () => {
    await harness?.stop();
  });

  const plain = (token = technician) =>
    harness.create(token, { title: `Child ${randomUUID()}`, affectedServices: [], channel: 'PORTAL' });
  const major = async () => {
    const incident = await plain();
    return harness.ok<Incident>(manager, operations.declareMajor, {
      input: { id: incident.id, expectedVersion: incident.version, impactStatement: 'All of it' },
    });
  };

  it('resolving the parent resolves its open children, each with a status_changed event', async () => {
    const parent = await major();
    const fresh = await plain(alice); // NEW, reported by Alice
    const working = await plain();
    await harness.ok(technician, operations.start, { id: working.id, v: working.version });
    const done = await plain();
    await harness.ok(technician, operations.resolve, {
      input: { id: done.id, expectedVersion: 1, resolutionCode: 'WORKAROUND', resolutionNotes: 'Restarted' },
    });
    await harness.ok(technician, link, {
      input: { majorIncidentId: parent.id, incidentIds: [fresh.id, working.id, done.id] },
    });

    await harness.ok(manager, operations.resolve, {
      input: {
        id: parent.id,
        expectedVersion: parent.version,
        resolutionCode: 'RESOLVED_BY_CHANGE',
        resolutionNotes: 'WAF rule rolled back',
        resolutionWithoutChangeReason: 'Rolled back by hand',
      },
    });
    for (const child of [fresh, working]) {
      const read = await harness.ok<Record<string, unknown>>(manager, family, { id: child.id });
      expect(read).toMatchObject({
        status: 'RESOLVED',
        resolutionCode: 'RESOLVED_BY_CHANGE',
        resolutionNotes: `Resolved with major incident ${parent.number}: WAF rule rolled back`,
        parent: { id: parent.id },
      });
      const changed = (await harness.events(child.id)).filter(
        (event) => event.subject === 'incident.status_changed.v1',
      );
      expect(changed.at(-1)!.data).toMatchObject({
        to: 'RESOLVED',
        reporterId: child === fresh ? 'alice' : 'tech-1',
      });
    }
    // Already resolved: left as it was.
    expect(await harness.ok<Record<string, unknown>>(manager, family, { id: done.id })).toMatchObject({
      resolutionCode: 'WORKAROUND',
    });
  });

  it('refuses links that break a rule, coded, changing nothing', async () => {
    const parent = await major();
    const other = await major();
    const child = await plain();
    const notMajor = await plain();
    await harness.ok(technician, link, { input: { majorIncidentId: parent.id, incidentIds: [child.id] } });
    const before = await harness.counts();
    const refused = async (input: Record<string, unknown>, rule: string) => {
      const response = await harness.call(technician, link, { input });
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'INCIDENT_LINK_REFUSED', rule });
    };
    await refused({ majorIncidentId: notMajor.id, incidentIds: [child.id] }, 'PARENT_NOT_MAJOR');
    await refused({ majorIncidentId: other.id, incidentIds: [parent.id] }, 'CHILD_IS_MAJOR');
    await refused({ majorIncidentId: other.id, incidentIds: [child.id] }, 'CHILD_HAS_OTHER_PARENT');
    await refused({ majorIncidentId: parent.id, incidentIds: [parent.id] }, 'SELF');
    expect(
      await harness.errorCode(alice, link, {
        input: { majorIncidentId: parent.id, incidentIds: [notMajor.id] },
      }),
    ).toBe('FORBIDDEN');
    expect(
      await harness.errorCode(technician, link, {
        input: { majorIncidentId: parent.id, incidentIds: [randomUUID()] },
      }),
    ).toBe('NOT_FOUND');
    expect(await harness.counts()).toEqual(before);
  });

  it('unlinks a child: entries on both sides and incident.child_unlinked.v1', async () => {
    const parent = await major();
    const child = await plain();
    await harness.ok(technician, link, { input: { majorIncidentId: parent.id, incidentIds: [child.id] } });
    const result = await harness.ok<{ children: unknown[] }>(technician, unlink, {
      input: { majorIncidentId: parent.id, incidentId: child.id },
    });
    expect(result.children).toEqual([]);
    expect((await harness.events(parent.id)).at(-1)).toMatchObject({
      subject: 'incident.child_unlinked.v1',
      data: { majorIncidentId: parent.id, childId: child.id },
    });
    expect((await harness.recordedEntries(child.id)).at(-1)).toMatchObject({ kind: 'unlinked_from_major' });
    const again = await harness.call(technician, unlink, {
      input: { majorIncidentId: parent.id, incidentId: child.id },
    });
    expect(again.errors?.[0]?.extensions).toMatchObject({
      code: 'INCIDENT_LINK_REFUSED',
      rule: 'NOT_A_CHILD',
    });
  });
});
