import { randomUUID } from 'node:crypto';
import { eventually } from '@mim/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import { type Change, ChangeHarness, operations } from './change-harness';

/**
 * Approvals and the rest of the lifecycle through HTTP, with a CAB quorum of 3 (CHANGE_CAB_QUORUM):
 * who decides, when the change moves, the events in the outbox, and refusals that change nothing.
 */
describe('change approvals, implementation and review (real PostgreSQL and NATS)', () => {
  let harness: ChangeHarness;
  let changeManager: string;
  let otherChangeManager: string;
  let requester: string;
  let tech: string;
  let problemManager: string;
  let miManager: string;
  let teamMember: string;

  beforeAll(async () => {
    harness = await ChangeHarness.start({ CHANGE_CAB_QUORUM: '3' });
    changeManager = await harness.token('cm-1', ['change_manager']);
    otherChangeManager = await harness.token('cm-2', ['change_manager']);
    requester = await harness.token('tech-1', ['technical_staff']);
    tech = await harness.token('tech-2', ['technical_staff']);
    problemManager = await harness.token('pm-1', ['problem_manager']);
    miManager = await harness.token('mim-1', ['major_incident_manager']);
    teamMember = await harness.token('team-1', ['mi_team_member']);
  });
  afterAll(async () => {
    await harness?.stop();
  });

  /** Draft -> SUBMITTED (requester) -> ASSESSED (change manager). */
  async function assessed(overrides: Record<string, unknown> = {}): Promise<Change> {
    const draft = await harness.create(requester, overrides);
    const { changeRequest } = await harness.submit(requester, draft);
    return harness.move(changeManager, changeRequest, 'ASSESSED');
  }

  it('approves an emergency change with the change manager plus one approver, then it is implemented', async () => {
    const incidentId = randomUUID();
    const change = await assessed({ type: 'EMERGENCY', incidentLinks: [{ incidentId, relation: 'FIXES' }] });
    expect(change).toMatchObject({ status: 'ASSESSED', version: 3, approvalQuorum: 2 });

    const afterManager = await harness.vote(changeManager, change, 'APPROVE', 'Go: checkout is down');
    expect(afterManager).toMatchObject({
      status: 'ASSESSED',
      version: 4,
      approvals: [
        { approverId: 'cm-1', decision: 'APPROVE', comment: 'Go: checkout is down', byChangeManager: true },
      ],
    });
    const approved = await harness.vote(tech, afterManager, 'APPROVE');
    expect(approved).toMatchObject({ status: 'APPROVED', version: 6 });
    expect(approved.approvals).toEqual([
      expect.objectContaining({ approverId: 'cm-1', byChangeManager: true }),
      expect.objectContaining({
        approverId: 'tech-2',
        decision: 'APPROVE',
        comment: null,
        byChangeManager: false,
      }),
    ]);

    const scheduled = await harness.move(changeManager, approved, 'SCHEDULED');
    const implementing = await harness.move(tech, scheduled, 'IMPLEMENTING');
    const implemented = await harness.move(tech, implementing, 'IMPLEMENTED');
    expect(implemented).toMatchObject({ status: 'IMPLEMENTED', version: 9 });

    const events = await harness.events(change.id);
    const status = (version: number, actor: string, from: string, to: string) => ({
      subject: 'change.status_changed.v1',
      version,
      actor,
      data: {
        changeId: change.id,
        number: change.number,
        from,
        to,
        fixesIncidentIds: [incidentId],
        changedAt: expect.any(String),
      },
    });
    const approval = (version: number, actor: string, approvals: number) => ({
      subject: 'change.approval_recorded.v1',
      version,
      actor,
      data: {
        changeId: change.id,
        number: change.number,
        approverId: actor,
        decision: 'APPROVE',
        approvals,
        quorum: 2,
        fixesIncidentIds: [incidentId],
      },
    });
    expect(events).toEqual([
      expect.objectContaining({ subject: 'change.requested.v1', version: 1 }),
      status(2, 'tech-1', 'DRAFT', 'SUBMITTED'),
      status(3, 'cm-1', 'SUBMITTED', 'ASSESSED'),
      approval(4, 'cm-1', 1),
      approval(5, 'tech-2', 2),
      // The automatic move is published too, by whoever completed the rule.
      status(6, 'tech-2', 'ASSESSED', 'APPROVED'),
      status(7, 'cm-1', 'APPROVED', 'SCHEDULED'),
      status(8, 'tech-2', 'SCHEDULED', 'IMPLEMENTING'),
      status(9, 'tech-2', 'IMPLEMENTING', 'IMPLEMENTED'),
    ]);

    // The relay publishes them: the incident service learns the fix is in.
    const jsm = await jetstreamManager(harness.service.deps.bus.connection);
    const published = await eventually(async () => {
      const message = await jsm.streams.getMessage(harness.topology.stream, {
        last_by_subj: `${harness.topology.subjectPrefix}.change.status_changed.v1`,
      });
      const envelope = message!.json<{
        aggregate: { id: string; version: number };
        data: Record<string, unknown>;
      }>();
      expect(envelope.aggregate).toMatchObject({ id: change.id, version: 9 });
      return envelope;
    });
    expect(published.data).toMatchObject({ to: 'IMPLEMENTED', fixesIncidentIds: [incidentId] });
  });

  it('keeps a normal change ASSESSED without the quorum (forcing APPROVED is coded) and approves it at quorum', async () => {
    const change = await assessed();
    expect(change.approvalQuorum).toBe(3);

    const forced = async (token: string, at: Change) => {
      const before = await harness.snapshot(change.id);
      const error = await harness.error(token, operations.move, {
        id: at.id,
        v: at.version,
        status: 'APPROVED',
      });
      expect(await harness.snapshot(change.id)).toEqual(before);
      return error;
    };
    expect((await forced(changeManager, change)).code).toBe('CHANGE_APPROVAL_QUORUM_NOT_MET');
    expect((await forced(tech, change)).code).toBe('FORBIDDEN');

    const one = await harness.vote(changeManager, change, 'APPROVE');
    const two = await harness.vote(tech, one, 'APPROVE');
    expect(two).toMatchObject({ status: 'ASSESSED', version: 5 });
    const stillShort = await forced(otherChangeManager, two);
    expect(stillShort).toMatchObject({
      code: 'CHANGE_APPROVAL_QUORUM_NOT_MET',
      extensions: expect.objectContaining({ approvals: 2, quorum: 3, changeManagerApproved: true }),
    });

    // Refusals: a second decision, the requester, a role outside the CAB, a stale version.
    const refused = async (token: string, version: number, decision: 'APPROVE' | 'REJECT' = 'APPROVE') => {
      const before = await harness.snapshot(change.id);
      const error = await harness.error(token, operations.vote, {
        input: { id: change.id, expectedVersion: version, decision },
      });
      expect(await harness.snapshot(change.id)).toEqual(before);
      return error.code;
    };
    expect(await refused(tech, 5, 'REJECT')).toBe('CHANGE_APPROVAL_ALREADY_RECORDED');
    expect(await refused(requester, 5)).toBe('FORBIDDEN');
    expect(await refused(teamMember, 5)).toBe('FORBIDDEN');
    expect(await refused(problemManager, 4)).toBe('CONFLICT');

    const approved = await harness.vote(problemManager, two, 'APPROVE');
    expect(approved).toMatchObject({ status: 'APPROVED', version: 7 });
    const decisions = (await harness.events(change.id)).slice(3);
    expect(
      decisions.map((event) => [event.subject, event.version, event.data.approvals ?? event.data.to]),
    ).toEqual([
      ['change.approval_recorded.v1', 4, 1],
      ['change.approval_recorded.v1', 5, 2],
      ['change.approval_recorded.v1', 6, 3],
      ['change.status_changed.v1', 7, 'APPROVED'],
    ]);
    expect(decisions.slice(0, 3).every((event) => event.data.quorum === 3)).toBe(true);
  });

  it("rejects a change on the change manager's REJECT; another member's rejection is only advice", async () => {
    const change = await assessed();
    const advised = await harness.vote(miManager, change, 'REJECT', 'Not during the sale');
    expect(advised).toMatchObject({ status: 'ASSESSED', version: 4 });
    const before = await harness.snapshot(change.id);
    expect(
      (await harness.error(changeManager, operations.move, { id: change.id, v: 4, status: 'REJECTED' })).code,
    ).toBe('INVALID_TRANSITION');
    expect(await harness.snapshot(change.id)).toEqual(before);

    const rejected = await harness.vote(changeManager, advised, 'REJECT');
    expect(rejected).toMatchObject({ status: 'REJECTED', version: 6 });
    expect((await harness.events(change.id)).slice(-2)).toEqual([
      expect.objectContaining({
        subject: 'change.approval_recorded.v1',
        data: expect.objectContaining({ decision: 'REJECT', approverId: 'cm-1', approvals: 0, quorum: 3 }),
      }),
      expect.objectContaining({
        subject: 'change.status_changed.v1',
        version: 6,
        data: expect.objectContaining({ from: 'ASSESSED', to: 'REJECTED' }),
      }),
    ]);
    const closed = await harness.move(changeManager, rejected, 'CLOSED');
    expect(closed).toMatchObject({ status: 'CLOSED', version: 7 });
    expect(
      (
        await harness.error(otherChangeManager, operations.vote, {
          input: { id: change.id, expectedVersion: 7, decision: 'APPROVE' },
        })
      ).code,
    ).toBe('INVALID_TRANSITION');
  });

  it('lets only the change manager authorise and only technical staff implement', async () => {
    const draft = await harness.create(requester, { type: 'EMERGENCY' });
    const { changeRequest: submitted } = await harness.submit(requester, draft);
    const refusedMove = async (token: string, at: Change, status: string) => {
      const before = await harness.snapshot(draft.id);
      const { code } = await harness.error(token, operations.move, { id: at.id, v: at.version, status });
      expect(await harness.snapshot(draft.id)).toEqual(before);
      return code;
    };
    expect(await refusedMove(tech, submitted, 'ASSESSED')).toBe('FORBIDDEN');
    const assessedChange = await harness.move(changeManager, submitted, 'ASSESSED');
    const approved = await harness.vote(
      tech,
      await harness.vote(changeManager, assessedChange, 'APPROVE'),
      'APPROVE',
    );
    expect(await refusedMove(tech, approved, 'SCHEDULED')).toBe('FORBIDDEN');
    const scheduled = await harness.move(changeManager, approved, 'SCHEDULED');
    expect(await refusedMove(changeManager, scheduled, 'IMPLEMENTING')).toBe('FORBIDDEN');
    expect(await refusedMove(miManager, scheduled, 'IMPLEMENTING')).toBe('FORBIDDEN');
    expect(await refusedMove(tech, scheduled, 'IMPLEMENTED')).toBe('INVALID_TRANSITION');
    expect(await refusedMove(tech, { ...scheduled, version: scheduled.version - 1 }, 'IMPLEMENTING')).toBe(
      'CONFLICT',
    );
    expect((await harness.move(tech, scheduled, 'IMPLEMENTING')).status).toBe('IMPLEMENTING');
  });

  it('records the post-implementation review of a rolled-back change and publishes change.reviewed.v1', async () => {
    const [incidentId, problemId] = [randomUUID(), randomUUID()];
    const change = await assessed({
      type: 'EMERGENCY',
      incidentLinks: [{ incidentId, relation: 'FIXES' }],
      problemIds: [problemId],
    });
    const approved = await harness.vote(
      tech,
      await harness.vote(changeManager, change, 'APPROVE'),
      'APPROVE',
    );
    const implementing = await harness.move(
      tech,
      await harness.move(changeManager, approved, 'SCHEDULED'),
      'IMPLEMENTING',
    );
    const failed = await harness.move(tech, implementing, 'FAILED');
    const rolledBack = await harness.move(tech, failed, 'ROLLED_BACK');
    expect(rolledBack).toMatchObject({ status: 'ROLLED_BACK', version: 10 });

    const input = (overrides: Record<string, unknown> = {}) => ({
      input: {
        id: change.id,
        expectedVersion: 10,
        effective: false,
        summary: '  The pool change did not stop the 502s  ',
        followUps: ['Reopen the problem analysis', 'Add a saturation alert'],
        ...overrides,
      },
    });
    const before = await harness.snapshot(change.id);
    expect((await harness.error(problemManager, operations.review, input())).code).toBe('FORBIDDEN');
    expect((await harness.error(tech, operations.review, input({ summary: ' ' }))).code).toBe(
      'BAD_USER_INPUT',
    );
    expect((await harness.error(tech, operations.review, input({ expectedVersion: 9 }))).code).toBe(
      'CONFLICT',
    );
    expect(
      (await harness.error(tech, operations.move, { id: change.id, v: 10, status: 'REVIEWED' })).code,
    ).toBe('INVALID_TRANSITION');
    expect(await harness.snapshot(change.id)).toEqual(before);

    const reviewed = await harness.ok<Change>(tech, operations.review, input());
    expect(reviewed).toMatchObject({
      status: 'REVIEWED',
      version: 12,
      review: {
        effective: false,
        summary: 'The pool change did not stop the 502s',
        followUps: ['Reopen the problem analysis', 'Add a saturation alert'],
        reviewedById: 'tech-2',
        reviewedAt: expect.any(String),
      },
    });
    expect((await harness.read(problemManager, change.id)).review).toEqual({
      effective: false,
      summary: 'The pool change did not stop the 502s',
      followUps: ['Reopen the problem analysis', 'Add a saturation alert'],
      reviewedById: 'tech-2',
    });
    expect((await harness.events(change.id)).slice(-2)).toEqual([
      {
        subject: 'change.status_changed.v1',
        version: 11,
        actor: 'tech-2',
        data: expect.objectContaining({
          from: 'ROLLED_BACK',
          to: 'REVIEWED',
          fixesIncidentIds: [incidentId],
        }),
      },
      {
        subject: 'change.reviewed.v1',
        version: 12,
        actor: 'tech-2',
        data: {
          changeId: change.id,
          number: change.number,
          effective: false,
          summary: 'The pool change did not stop the 502s',
          fixesIncidentIds: [incidentId],
          problemIds: [problemId],
        },
      },
    ]);
    // Reviewed once: a second review is refused; then the change manager closes it.
    expect((await harness.error(tech, operations.review, input({ expectedVersion: 12 }))).code).toBe(
      'INVALID_TRANSITION',
    );
    expect((await harness.move(changeManager, reviewed, 'CLOSED')).status).toBe('CLOSED');
  });
});
