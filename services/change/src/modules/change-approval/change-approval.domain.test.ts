import type { Role } from '@mim/auth';
import type { Actor, ChangeState, ChangeType } from '../change-request/change-request.domain';
import {
  type Vote,
  approvalOutcome,
  approvalProgress,
  approvalQuorumFor,
  recordApproval,
} from './change-approval.domain';

const code = (value: string) => expect.objectContaining({ code: value });
const person = (subject: string, ...roles: Role[]): Actor => ({ subject, roles });
const cm = person('cm', 'change_manager');
const cm2 = person('cm-2', 'change_manager');
const tech = person('tech', 'technical_staff');
const problemManager = person('pm', 'problem_manager');
const mim = person('mim', 'major_incident_manager');

const assessed = (type: ChangeType, quorum: number | null, version = 4): ChangeState => ({
  type,
  status: 'ASSESSED',
  version,
  plannedStart: new Date('2026-03-10T22:00:00Z'),
  plannedEnd: new Date('2026-03-10T23:00:00Z'),
  affectedServices: ['checkout'],
  requestedById: 'requester',
  approvalQuorum: quorum,
});

/** Casts the votes one by one, as the service does (each on the state and votes the last one left). */
function vote(state: ChangeState, ballots: Array<[Actor, 'APPROVE' | 'REJECT']>) {
  let votes: Vote[] = [];
  let current = state;
  const facts = [];
  for (const [who, decision] of ballots) {
    const recorded = recordApproval(current, votes, who, current.version, decision);
    votes = [...votes, recorded.vote];
    current = recorded.state;
    facts.push(...recorded.facts);
  }
  return { state: current, facts, votes };
}

describe('the approval rule of each type', () => {
  it('needs no votes for a standard change, the CAB quorum for a normal one, two for an emergency one', () => {
    expect(approvalQuorumFor('STANDARD', 3)).toBeNull();
    expect(approvalQuorumFor('NORMAL', 3)).toBe(3);
    expect(approvalQuorumFor('EMERGENCY', 3)).toBe(2);
    expect(approvalQuorumFor('EMERGENCY', 1)).toBe(2);
  });

  it('approves a normal change once the quorum of distinct approvers includes a change manager', () => {
    const { state, facts } = vote(assessed('NORMAL', 3), [
      [tech, 'APPROVE'],
      [cm, 'APPROVE'],
      [problemManager, 'APPROVE'],
    ]);
    expect(state).toMatchObject({ status: 'APPROVED', version: 8 });
    expect(facts).toEqual([
      { type: 'approval_recorded', approverId: 'tech', decision: 'APPROVE', approvals: 1, quorum: 3 },
      { type: 'approval_recorded', approverId: 'cm', decision: 'APPROVE', approvals: 2, quorum: 3 },
      { type: 'approval_recorded', approverId: 'pm', decision: 'APPROVE', approvals: 3, quorum: 3 },
      { type: 'status_changed', from: 'ASSESSED', to: 'APPROVED' },
    ]);
  });

  it('stays ASSESSED at quorum without a change manager, and approves when one joins', () => {
    const without = vote(assessed('NORMAL', 2), [
      [tech, 'APPROVE'],
      [mim, 'APPROVE'],
      [problemManager, 'APPROVE'],
    ]);
    expect(without.state).toMatchObject({ status: 'ASSESSED', version: 7 });
    expect(approvalProgress(without.votes, 2)).toMatchObject({ approvals: 3, changeManagerApproved: false });
    const joined = recordApproval(without.state, without.votes, cm, 7, 'APPROVE');
    expect(joined.state).toMatchObject({ status: 'APPROVED', version: 9 });
  });

  it('stays ASSESSED with only the change manager when the quorum is two', () => {
    const { state, facts } = vote(assessed('NORMAL', 2), [[cm, 'APPROVE']]);
    expect(state).toMatchObject({ status: 'ASSESSED', version: 5 });
    expect(facts).toHaveLength(1);
  });

  it('approves with the change manager alone when the quorum is one', () => {
    expect(vote(assessed('NORMAL', 1), [[cm, 'APPROVE']]).state.status).toBe('APPROVED');
  });

  it('approves an emergency change with a change manager plus one other approver', () => {
    const { state, facts } = vote(assessed('EMERGENCY', 2), [
      [cm, 'APPROVE'],
      [tech, 'APPROVE'],
    ]);
    expect(state.status).toBe('APPROVED');
    expect(facts.at(-1)).toEqual({ type: 'status_changed', from: 'ASSESSED', to: 'APPROVED' });
    // Two change managers are two approvers as well.
    expect(
      vote(assessed('EMERGENCY', 2), [
        [cm, 'APPROVE'],
        [cm2, 'APPROVE'],
      ]).state.status,
    ).toBe('APPROVED');
  });

  it("rejects at once on a change manager's rejection, whatever the approvals", () => {
    const { state, facts } = vote(assessed('NORMAL', 3), [
      [tech, 'APPROVE'],
      [mim, 'APPROVE'],
      [cm, 'REJECT'],
    ]);
    expect(state).toMatchObject({ status: 'REJECTED', version: 8 });
    expect(facts.slice(-2)).toEqual([
      { type: 'approval_recorded', approverId: 'cm', decision: 'REJECT', approvals: 2, quorum: 3 },
      { type: 'status_changed', from: 'ASSESSED', to: 'REJECTED' },
    ]);
  });

  it("records another member's rejection as advice: the change stays ASSESSED and can still be approved", () => {
    const { state } = vote(assessed('EMERGENCY', 2), [
      [tech, 'REJECT'],
      [cm, 'APPROVE'],
    ]);
    expect(state.status).toBe('ASSESSED');
    const approved = vote(assessed('EMERGENCY', 2), [
      [tech, 'REJECT'],
      [cm, 'APPROVE'],
      [mim, 'APPROVE'],
    ]);
    expect(approved.state.status).toBe('APPROVED');
  });

  it('counts each approver once, by their first vote', () => {
    const duplicated: Vote[] = [
      { approverId: 'cm', decision: 'APPROVE', byChangeManager: true },
      { approverId: 'cm', decision: 'APPROVE', byChangeManager: true },
      { approverId: 'cm', decision: 'REJECT', byChangeManager: true },
    ];
    const progress = approvalProgress(duplicated, 2);
    expect(progress).toMatchObject({ approvals: 1, rejections: 0, changeManagerRejected: false });
    expect(approvalOutcome(progress)).toBe('PENDING');
  });

  it("counts an admin's vote as a change manager's", () => {
    expect(
      vote(assessed('EMERGENCY', 2), [
        [person('root', 'admin'), 'APPROVE'],
        [tech, 'APPROVE'],
      ]).state.status,
    ).toBe('APPROVED');
  });
});

describe('who may vote, and when', () => {
  it('refuses a second decision by the same approver with CHANGE_APPROVAL_ALREADY_RECORDED', () => {
    const first = vote(assessed('NORMAL', 3), [[tech, 'APPROVE']]);
    expect(() => recordApproval(first.state, first.votes, tech, first.state.version, 'REJECT')).toThrow(
      code('CHANGE_APPROVAL_ALREADY_RECORDED'),
    );
  });

  it('refuses the requester of the change, even a change manager, with FORBIDDEN', () => {
    const own = { ...assessed('NORMAL', 2), requestedById: 'cm' };
    expect(() => recordApproval(own, [], cm, 4, 'APPROVE')).toThrow(code('FORBIDDEN'));
  });

  it('refuses roles outside the CAB with FORBIDDEN', () => {
    for (const role of ['mi_team_member', 'service_desk_technician', 'analyst', 'end_user'] as const) {
      expect(() => recordApproval(assessed('NORMAL', 2), [], person('x', role), 4, 'APPROVE')).toThrow(
        code('FORBIDDEN'),
      );
    }
  });

  it('takes votes only on an ASSESSED change with a quorum: INVALID_TRANSITION otherwise', () => {
    for (const status of ['DRAFT', 'SUBMITTED', 'APPROVED', 'REJECTED', 'SCHEDULED'] as const) {
      expect(() => recordApproval({ ...assessed('NORMAL', 2), status }, [], cm, 4, 'APPROVE')).toThrow(
        code('INVALID_TRANSITION'),
      );
    }
    expect(() => recordApproval(assessed('STANDARD', null), [], cm, 4, 'APPROVE')).toThrow(
      expect.objectContaining({
        code: 'INVALID_TRANSITION',
        message: expect.stringContaining('pre-approved'),
      }),
    );
  });

  it('refuses a stale expected version with CONFLICT first', () => {
    expect(() => recordApproval(assessed('NORMAL', 2, 6), [], person('x', 'end_user'), 5, 'APPROVE')).toThrow(
      code('CONFLICT'),
    );
  });
});
