import { IncidentHarness, type Incident, incidentFields } from './incident-harness';

const withAt = {
  acknowledge: `mutation($id: ID!, $v: Int!, $at: DateTime) {
    acknowledgeIncident(id: $id, expectedVersion: $v, at: $at) { ${incidentFields} acknowledgedAt } }`,
  start: `mutation($id: ID!, $v: Int!, $at: DateTime) {
    startIncident(id: $id, expectedVersion: $v, at: $at) { ${incidentFields} acknowledgedAt } }`,
  close: `mutation($id: ID!, $v: Int!, $at: DateTime) {
    closeIncident(id: $id, expectedVersion: $v, at: $at) { ${incidentFields} closedAt } }`,
  declare: `mutation($input: DeclareMajorIncidentInput!) {
    declareMajorIncident(input: $input) { ${incidentFields} majorDeclaredAt } }`,
  resolve: `mutation($input: ResolveIncidentInput!) {
    resolveIncident(input: $input) { ${incidentFields} acknowledgedAt resolvedAt } }`,
  comment: `mutation($incidentId: ID!, $body: String!, $at: DateTime) {
    addIncidentComment(incidentId: $incidentId, body: $body, visibility: INTERNAL, at: $at) { id } }`,
  addParticipant: `mutation($input: AddIncidentParticipantInput!) {
    addIncidentParticipant(input: $input) { id participants { person { id } addedAt } } }`,
  read: `query($id: ID!) { incident(id: $id) {
    reportedAt failureStartedAt acknowledgedAt majorDeclaredAt resolvedAt closedAt createdAt
    comments { body createdAt } sla { status }
    timeline(first: 100) { nodes { kind occurredAt summary actor { id } } } } }`,
};

/** The incident row without what the SLA timers write in real time (clocks, and their timeline entries). */
const withoutSla = (row: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(row).filter(([column]) => !column.startsWith('sla') && column !== 'timeline_length'),
  );

/** The Cloudflare outage of DOMAIN.md (2 July 2019), replayed with the times it happened. */
const t = (time: string) => `2019-07-02T${time}:00.000Z`;

describe('import and replay: actions at a validated past instant (real PostgreSQL and NATS)', () => {
  let harness: IncidentHarness;
  let admin: string;
  let manager: string;

  beforeAll(async () => {
    harness = await IncidentHarness.start();
    admin = await harness.token('importer', ['admin'], 'History Importer');
    manager = await harness.token('mim-1', ['major_incident_manager'], 'Mia Manager');
  });
  afterAll(async () => {
    await harness?.stop();
  });

  /**
   * What a change writes for one incident, without what the SLA timers add in real time meanwhile (the
   * targets of this 2019 incident are long past): its comments, timeline entries and events.
   */
  const history = async (id: string) => {
    const events = await harness.events(id);
    const [row] = await harness.service.deps.dataSource.query<[{ comments: number; entries: number }]>(
      `SELECT (SELECT count(*) FROM comment WHERE incident_id = $1)::int AS comments,
              (SELECT count(*) FROM incident_timeline_entry WHERE incident_id = $1 AND kind NOT LIKE 'sla_%')::int AS entries`,
      [id],
    );
    return {
      ...row,
      events: events.filter(
        (event) =>
          !event.subject.includes('sla_') &&
          !(typeof event.data.kind === 'string' && event.data.kind.startsWith('sla_')),
      ).length,
    };
  };

  const createPast = () =>
    harness.create(admin, {
      title: 'HTTP 502 on every edge node',
      reportedAt: t('13:45'),
      failureStartedAt: t('13:42'),
    });

  it('replays a small history: the incident and its timeline carry the given instants', async () => {
    const created = await createPast();
    expect(created).toMatchObject({ reportedAt: t('13:45'), failureStartedAt: t('13:42') });
    const acknowledged = await harness.ok<Incident>(admin, withAt.acknowledge, {
      id: created.id,
      v: 1,
      at: t('13:47'),
    });
    expect(acknowledged.acknowledgedAt).toBe(t('13:47'));
    const declared = await harness.ok<Incident>(admin, withAt.declare, {
      input: {
        id: created.id,
        expectedVersion: 2,
        impactStatement: 'Half of all traffic fails',
        at: t('13:50'),
      },
    });
    expect(declared.majorDeclaredAt).toBe(t('13:50'));
    const team = await harness.ok<{ participants: Array<{ addedAt: string }> }>(
      admin,
      withAt.addParticipant,
      {
        input: {
          incidentId: created.id,
          person: { id: 'sre-1', name: 'Sam SRE' },
          role: 'TECHNICAL_STAFF',
          at: t('13:52'),
        },
      },
    );
    expect(team.participants).toEqual([{ person: { id: 'sre-1' }, addedAt: t('13:52') }]);
    await harness.ok(admin, withAt.start, { id: created.id, v: 3, at: t('13:55') });
    await harness.ok(admin, withAt.comment, {
      incidentId: created.id,
      body: 'The WAF is the cause',
      at: t('14:00'),
    });
    const resolved = await harness.ok<Incident>(admin, withAt.resolve, {
      input: {
        id: created.id,
        expectedVersion: 4,
        resolutionCode: 'WORKAROUND',
        resolutionNotes: 'WAF disabled globally; traffic back to normal',
        resolutionWithoutChangeReason: 'Emergency kill switch, no change record in 2019',
        at: t('14:07'),
      },
    });
    expect(resolved).toMatchObject({
      status: 'RESOLVED',
      acknowledgedAt: t('13:47'),
      resolvedAt: t('14:07'),
    });
    const closed = await harness.ok<Incident>(admin, withAt.close, { id: created.id, v: 5, at: t('14:52') });
    expect(closed.closedAt).toBe(t('14:52'));

    const response = await harness.call<{
      incident: {
        timeline: { nodes: Array<{ kind: string; occurredAt: string; actor: { id: string } }> };
        comments: Array<{ body: string; createdAt: string }>;
        createdAt: string;
      };
    }>(admin, withAt.read, { id: created.id });
    const incident = response.data!.incident;
    expect(incident.comments).toEqual([{ body: 'The WAF is the cause', createdAt: t('14:00') }]);
    // The row itself was written now.
    expect(new Date(incident.createdAt).getFullYear()).toBeGreaterThan(2019);
    const timeline = incident.timeline.nodes
      // Timers (SLA, status update cadence) judge this 2019 incident in real time meanwhile: not history.
      .filter((entry) => !entry.actor.id.startsWith('system:'))
      .map((entry) => [entry.kind, entry.occurredAt]);
    expect(timeline).toEqual([
      ['created', t('13:45')],
      ['status_changed', t('13:47')],
      ['major_declared', t('13:50')],
      ['participant_added', t('13:52')],
      ['status_changed', t('13:55')],
      ['comment_added', t('14:00')],
      ['status_changed', t('14:07')],
      ['status_changed', t('14:52')],
    ]);
    const events = await harness.events(created.id);
    expect(
      events
        .filter((event) => event.subject === 'incident.status_changed.v1')
        .map((event) => event.data.changedAt),
    ).toEqual([t('13:47'), t('13:55'), t('14:07'), t('14:52')]);
    expect(events.find((event) => event.subject === 'incident.created.v1')?.data.reportedAt).toBe(t('13:45'));
  });

  it('refuses `at` from anyone but an admin with FORBIDDEN, changing nothing', async () => {
    const { id } = await harness.create(manager, { channel: 'PORTAL' });
    const before = await harness.counts();
    const row = await harness.row(id);
    expect(
      await harness.errorCode(manager, withAt.acknowledge, { id, v: 1, at: new Date().toISOString() }),
    ).toBe('FORBIDDEN');
    expect(
      await harness.errorCode(manager, withAt.comment, {
        incidentId: id,
        body: 'x',
        at: new Date().toISOString(),
      }),
    ).toBe('FORBIDDEN');
    expect(await harness.counts()).toEqual(before);
    expect(await harness.row(id)).toEqual(row);
    // Without `at`, the same caller may act as before.
    expect((await harness.ok<Incident>(manager, withAt.acknowledge, { id, v: 1 })).status).toBe(
      'ACKNOWLEDGED',
    );
  });

  it('refuses a future or out-of-order `at` with BAD_USER_INPUT, changing nothing', async () => {
    const created = await createPast();
    await harness.ok(admin, withAt.acknowledge, { id: created.id, v: 1, at: t('13:47') });
    const before = await history(created.id);
    // The SLA timers judge this old incident in real time meanwhile (sla_* columns): compare the rest.
    const row = withoutSla(await harness.row(created.id));
    const future = new Date(Date.now() + 3_600_000).toISOString();
    for (const [at, message] of [
      [future, 'must not be in the future'],
      [t('13:46'), "must not be before the latest entry of the incident's timeline"],
      [t('13:00'), 'must not be before the incident was reported'],
    ] as const) {
      const response = await harness.call(admin, withAt.start, { id: created.id, v: 2, at });
      expect(response.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ path: 'at', message: expect.stringContaining(message) }],
      });
    }
    expect(
      await harness.errorCode(admin, withAt.comment, {
        incidentId: created.id,
        body: 'late',
        at: t('13:46'),
      }),
    ).toBe('BAD_USER_INPUT');
    expect(await history(created.id)).toEqual(before);
    expect(withoutSla(await harness.row(created.id))).toEqual(row);
  });

  it('keeps the backdating limit for staff who are not importers', async () => {
    expect(
      await harness.errorCode(
        manager,
        `mutation($input: CreateIncidentInput!) { createIncident(input: $input) { id } }`,
        {
          input: {
            title: 'Old phone call',
            description: 'Logged years later',
            channel: 'PHONE',
            impact: 'MINOR',
            urgency: 'LOW',
            reportedAt: t('13:45'),
          },
        },
      ),
    ).toBe('BAD_USER_INPUT');
  });
});
