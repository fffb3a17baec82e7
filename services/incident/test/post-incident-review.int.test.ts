import { randomUUID } from 'node:crypto';
import { problemRootCauseIdentifiedV1 } from '@mim/contracts';
import { newEvent } from '@mim/messaging';
import { eventually, publishEvent } from '@mim/testing';
import { type Incident, IncidentHarness, operations } from './incident-harness';

const reviewFields = `status version summary impact affectedServices rootCause whatWentWell whatWentBadly
  followUpActions { description owner { id name } dueAt status } startedBy { id } submittedAt publishedAt
  publishedBy { id name } timeline { kind }`;

const ops = {
  start: `mutation($incidentId: ID!) { startPostIncidentReview(incidentId: $incidentId) { ${reviewFields} } }`,
  update: `mutation($input: UpdatePostIncidentReviewInput!) { updatePostIncidentReview(input: $input) { ${reviewFields} } }`,
  submit: `mutation($incidentId: ID!, $v: Int!) {
    submitPostIncidentReview(incidentId: $incidentId, expectedVersion: $v) { ${reviewFields} } }`,
  returnToDraft: `mutation($incidentId: ID!, $v: Int!, $reason: String!) {
    returnPostIncidentReviewToDraft(incidentId: $incidentId, expectedVersion: $v, reason: $reason) { ${reviewFields} } }`,
  publish: `mutation($incidentId: ID!, $v: Int!) {
    publishPostIncidentReview(incidentId: $incidentId, expectedVersion: $v) { ${reviewFields} } }`,
  read: `query($id: ID!) { incident(id: $id) { id postIncidentReview { status version } postmortem } }`,
  workNote: `mutation($incidentId: ID!, $body: String!, $at: DateTime) {
    addIncidentComment(incidentId: $incidentId, body: $body, visibility: INTERNAL, at: $at) { id } }`,
  resolve: `mutation($input: ResolveIncidentInput!) { resolveIncident(input: $input) { id version status } }`,
};

interface Review {
  status: string;
  version: number;
  rootCause: string | null;
  [field: string]: unknown;
}

/** Post-incident review through HTTP: when it may start, who writes and publishes, its event, the postmortem. */
describe('post-incident review and postmortem (real PostgreSQL and NATS)', () => {
  let harness: IncidentHarness;
  let admin: string;
  let manager: string;
  let teamMember: string;
  let technician: string;
  let alice: string;

  beforeAll(async () => {
    harness = await IncidentHarness.start();
    admin = await harness.token('importer', ['admin'], 'History Importer');
    manager = await harness.token('mim-1', ['major_incident_manager'], 'Mia Manager');
    teamMember = await harness.token('team-1', ['mi_team_member'], 'Tom Team');
    technician = await harness.token('tech-1', ['service_desk_technician'], 'Tess Tech');
    alice = await harness.token('alice', ['end_user'], 'Alice');
  });
  afterAll(async () => {
    await harness?.stop();
  });

  /** A declared major incident, still open. */
  const openMajor = async () => {
    const created = await harness.create(alice, { channel: 'PORTAL' });
    await harness.ok(manager, operations.declareMajor, {
      input: { id: created.id, expectedVersion: 1, impactStatement: 'Half of all traffic returns 502' },
    });
    return created;
  };
  const resolve = (id: string, expectedVersion: number, extra: Record<string, unknown> = {}) =>
    harness.ok<Incident>(extra.at ? admin : manager, ops.resolve, {
      input: {
        id,
        expectedVersion,
        resolutionCode: 'WORKAROUND',
        resolutionNotes: 'WAF disabled globally',
        resolutionWithoutChangeReason: 'Kill switch, no change needed',
        ...extra,
      },
    });

  it('is refused before the major incident is resolved, and for an incident that is not major', async () => {
    const major = await openMajor();
    const response = await harness.call(teamMember, ops.start, { incidentId: major.id });
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_TRANSITION', status: 'NEW' });
    const ordinary = await harness.create(technician);
    await harness.ok(manager, ops.resolve, {
      input: { id: ordinary.id, expectedVersion: 1, resolutionCode: 'WORKAROUND', resolutionNotes: 'Done' },
    });
    expect(await harness.errorCode(teamMember, ops.start, { incidentId: ordinary.id })).toBe(
      'INVALID_TRANSITION',
    );
  });

  it('drafts one after resolution with the root cause from the problem, then review -> published with its event', async () => {
    const major = await openMajor();
    // The problem service identified the root cause twice: the latest one is prefilled.
    for (const rootCause of ['A CPU spike', 'A WAF rule with a backtracking regular expression']) {
      await publishEvent(
        harness.service.deps.bus,
        newEvent(problemRootCauseIdentifiedV1, {
          aggregateId: randomUUID(),
          aggregateVersion: 1,
          actor: { kind: 'user', id: 'pm-1' },
          correlationId: `test-${randomUUID()}`,
          data: { ...problemRootCauseIdentifiedV1.example, rootCause, incidentIds: [major.id] },
        }),
      );
      await eventually(async () => {
        const rows = await harness.service.deps.dataSource.query<Array<{ root: string }>>(
          `SELECT detail->>'rootCause' AS root FROM incident_timeline_entry
           WHERE incident_id = $1 AND kind = 'problem_root_cause_identified'`,
          [major.id],
        );
        expect(rows.map((row) => row.root)).toContain(rootCause);
      });
    }
    await resolve(major.id, 2);

    expect(await harness.errorCode(technician, ops.start, { incidentId: major.id })).toBe('FORBIDDEN');
    const draft = await harness.ok<Review>(teamMember, ops.start, { incidentId: major.id });
    expect(draft).toMatchObject({
      status: 'DRAFT',
      version: 1,
      impact: 'Half of all traffic returns 502',
      affectedServices: ['checkout'],
      rootCause: 'A WAF rule with a backtracking regular expression',
      followUpActions: [],
      startedBy: { id: 'team-1' },
    });
    expect(await harness.errorCode(teamMember, ops.start, { incidentId: major.id })).toBe(
      'INVALID_TRANSITION',
    );
    // Not complete yet: no summary.
    const incomplete = await harness.call(teamMember, ops.submit, { incidentId: major.id, v: 1 });
    expect(incomplete.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      missing: ['summary'],
    });

    const edited = await harness.ok<Review>(teamMember, ops.update, {
      input: {
        incidentId: major.id,
        expectedVersion: 1,
        summary: 'A WAF rule took the edge down for 27 minutes',
        whatWentWell: 'The kill switch worked',
        whatWentBadly: 'Internal tools were down too',
        followUpActions: [
          {
            description: 'Benchmark WAF rules',
            owner: { id: 'eng-1', name: 'Eve Engineer' },
            dueAt: '2019-07-19T17:00:00.000Z',
          },
        ],
      },
    });
    expect(edited).toMatchObject({
      version: 2,
      rootCause: 'A WAF rule with a backtracking regular expression',
      followUpActions: [
        {
          description: 'Benchmark WAF rules',
          owner: { id: 'eng-1', name: 'Eve Engineer' },
          dueAt: '2019-07-19T17:00:00.000Z',
          status: 'OPEN',
        },
      ],
    });
    expect(
      await harness.errorCode(teamMember, ops.update, {
        input: { incidentId: major.id, expectedVersion: 1, summary: 'x' },
      }),
    ).toBe('CONFLICT');

    await harness.ok(teamMember, ops.submit, { incidentId: major.id, v: 2 });
    // The team member is responsible, not the approver.
    expect(await harness.errorCode(teamMember, ops.publish, { incidentId: major.id, v: 3 })).toBe(
      'FORBIDDEN',
    );
    const back = await harness.ok<Review>(manager, ops.returnToDraft, {
      incidentId: major.id,
      v: 3,
      reason: 'Add the timeline of the kill switch',
    });
    expect(back).toMatchObject({ status: 'DRAFT', version: 4, submittedAt: null });
    await harness.ok(teamMember, ops.submit, { incidentId: major.id, v: 4 });
    const published = await harness.ok<Review>(manager, ops.publish, { incidentId: major.id, v: 5 });
    expect(published).toMatchObject({
      status: 'PUBLISHED',
      version: 6,
      publishedAt: expect.any(String),
      publishedBy: { id: 'mim-1', name: 'Mia Manager' },
    });
    expect(
      await harness.errorCode(manager, ops.update, {
        input: { incidentId: major.id, expectedVersion: 6, summary: 'x' },
      }),
    ).toBe('INVALID_TRANSITION');

    const events = (await harness.events(major.id)).filter(
      (event) => event.subject === 'incident.post_incident_review_published.v1',
    );
    expect(events).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({
          incidentId: major.id,
          number: major.number,
          summary: 'A WAF rule took the edge down for 27 minutes',
          rootCause: 'A WAF rule with a backtracking regular expression',
          followUpActions: [expect.objectContaining({ description: 'Benchmark WAF rules', status: 'OPEN' })],
          publishedBy: { id: 'mim-1', name: 'Mia Manager' },
          publishedAt: published.publishedAt,
        }),
      }),
    ]);
    const kinds = (await harness.recordedEntries(major.id)).map((entry) => entry.kind);
    expect(kinds.filter((kind) => kind.startsWith('post_incident_review_'))).toEqual([
      'post_incident_review_started',
      'post_incident_review_submitted',
      'post_incident_review_returned',
      'post_incident_review_submitted',
      'post_incident_review_published',
    ]);

    // Consulted staff read it; the reporter does not.
    const asTechnician = await harness.call<{ incident: { postIncidentReview: { status: string } } }>(
      technician,
      ops.read,
      {
        id: major.id,
      },
    );
    expect(asTechnician.data!.incident.postIncidentReview.status).toBe('PUBLISHED');
    const asReporter = await harness.call<{ incident: Record<string, unknown> }>(alice, ops.read, {
      id: major.id,
    });
    expect(asReporter.data!.incident).toMatchObject({ postIncidentReview: null, postmortem: null });
  });

  it('generates the postmortem from the timeline in order and the figures; null before a review', async () => {
    const t = (time: string) => `2019-07-02T${time}:00.000Z`;
    const created = await harness.create(admin, {
      title: 'HTTP 502 on every edge node',
      reportedAt: t('13:45'),
      failureStartedAt: t('13:42'),
    });
    const before = await harness.call<{ incident: { postmortem: string | null } }>(manager, ops.read, {
      id: created.id,
    });
    expect(before.data!.incident.postmortem).toBeNull();
    await harness.ok(admin, operations.declareMajor, {
      input: {
        id: created.id,
        expectedVersion: 1,
        impactStatement: 'Half of all traffic fails',
        at: t('13:50'),
      },
    });
    await harness.ok(admin, ops.workNote, {
      incidentId: created.id,
      body: 'The WAF is the cause',
      at: t('14:00'),
    });
    await resolve(created.id, 2, { at: t('14:07') });
    await harness.ok(teamMember, ops.start, { incidentId: created.id });
    await harness.ok(teamMember, ops.update, {
      input: {
        incidentId: created.id,
        expectedVersion: 1,
        summary: 'WAF outage',
        rootCause: 'Regex backtracking',
      },
    });

    const response = await harness.call<{ incident: { postmortem: string } }>(manager, ops.read, {
      id: created.id,
    });
    const lines = response.data!.incident.postmortem.split('\n');
    expect(lines[0]).toBe(`# Postmortem: ${created.number} HTTP 502 on every edge node`);
    expect(lines).toEqual(
      expect.arrayContaining([
        '- Review: DRAFT',
        '- Failure started: 2019-07-02 13:42 UTC',
        '- Reported: 2019-07-02 13:45 UTC',
        '- Declared major: 2019-07-02 13:50 UTC',
        '- Resolved: 2019-07-02 14:07 UTC',
        '- Time to detect: 3 min',
        '- Time to resolve: 22 min',
        'WAF outage',
        'Regex backtracking',
      ]),
    );
    const timeline = lines.slice(lines.indexOf('## Timeline') + 2, lines.indexOf('## What went well') - 1);
    // Timers (SLA, status update cadence) judge this 2019 incident in real time meanwhile: dated today.
    expect(timeline.filter((line) => line.startsWith('- 2019-'))).toEqual([
      `- 2019-07-02 13:45 UTC: Logged ${created.number} (P1, incident) via PHONE (History Importer)`,
      '- 2019-07-02 13:50 UTC: Declared a major incident: Half of all traffic fails (History Importer)',
      expect.stringMatching(/^- 2019-07-02 14:00 UTC: .*\(History Importer\)$/),
      expect.stringMatching(/^- 2019-07-02 14:07 UTC: Resolved \(WORKAROUND\)/),
    ]);
    // The review's own moves are not part of the incident's story.
    expect(timeline.join('\n')).not.toContain('Post-incident review');
  });
});
