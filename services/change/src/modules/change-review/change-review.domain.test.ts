import type { Role } from '@mim/auth';
import type { Actor, ChangeState, ChangeStatus } from '../change-request/change-request.domain';
import { recordReview } from './change-review.domain';

const code = (value: string) => expect.objectContaining({ code: value });
const person = (subject: string, ...roles: Role[]): Actor => ({ subject, roles });
const when = new Date('2026-03-11T09:00:00Z');
const state = (status: ChangeStatus, version = 7): ChangeState => ({
  type: 'EMERGENCY',
  status,
  version,
  plannedStart: new Date('2026-03-10T22:00:00Z'),
  plannedEnd: new Date('2026-03-10T23:00:00Z'),
  affectedServices: [],
  requestedById: 'requester',
  approvalQuorum: 2,
});
const input = {
  effective: true,
  summary: 'No 502 since the rule was disabled',
  followUps: ['Add a CPU alert'],
};

describe('post-implementation review', () => {
  it.each<ChangeStatus>(['IMPLEMENTED', 'FAILED', 'ROLLED_BACK'])(
    'is recorded after %s: REVIEWED, then the review, two versions',
    (status) => {
      const recorded = recordReview(state(status), person('tech', 'technical_staff'), 7, input, when);
      expect(recorded.state).toMatchObject({ status: 'REVIEWED', version: 9 });
      expect(recorded.facts).toEqual([
        { type: 'status_changed', from: status, to: 'REVIEWED' },
        { type: 'reviewed', effective: true, summary: input.summary },
      ]);
      expect(recorded.review).toEqual({ ...input, reviewedById: 'tech', reviewedAt: when });
    },
  );

  it.each<ChangeStatus>(['SCHEDULED', 'IMPLEMENTING', 'REVIEWED', 'CLOSED', 'ASSESSED'])(
    'is refused on a %s change with INVALID_TRANSITION',
    (status) => {
      expect(() => recordReview(state(status), person('cm', 'change_manager'), 7, input, when)).toThrow(
        code('INVALID_TRANSITION'),
      );
    },
  );

  it('is recorded by technical staff or the change manager only (RACI: R and A)', () => {
    expect(recordReview(state('FAILED'), person('cm', 'change_manager'), 7, input, when).state.status).toBe(
      'REVIEWED',
    );
    for (const role of ['problem_manager', 'major_incident_manager', 'mi_team_member'] as const) {
      expect(() => recordReview(state('FAILED'), person('x', role), 7, input, when)).toThrow(
        code('FORBIDDEN'),
      );
    }
  });

  it('refuses a stale expected version with CONFLICT', () => {
    expect(() =>
      recordReview(state('IMPLEMENTED'), person('tech', 'technical_staff'), 6, input, when),
    ).toThrow(code('CONFLICT'));
  });
});
