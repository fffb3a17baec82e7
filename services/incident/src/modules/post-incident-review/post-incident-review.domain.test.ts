import type { Caller } from '@mim/auth';
import type { IncidentStatus } from '@mim/contracts';
import {
  type ReviewState,
  type ReviewedIncident,
  editReview,
  moveReview,
  startReview,
} from './post-incident-review.domain';
import { canReview, requireReviewPermission } from './post-incident-review.permissions';

const resolvedMajor: ReviewedIncident = {
  id: 'inc-1',
  isMajor: true,
  status: 'RESOLVED',
  impactStatement: 'Half of all traffic returns 502',
  affectedServices: ['edge-proxy'],
};
const at = new Date('2019-07-03T10:00:00Z');
const complete = (state: ReviewState): ReviewState =>
  editReview(state, state.version, { summary: 'A WAF rule took the edge down for 27 minutes' });

describe('starting a post-incident review', () => {
  it('drafts one for a resolved major incident, prefilled with the impact, services and root cause', () => {
    expect(startReview(resolvedMajor, null, 'A backtracking regex in a WAF rule')).toEqual({
      status: 'DRAFT',
      version: 1,
      summary: null,
      impact: 'Half of all traffic returns 502',
      affectedServices: ['edge-proxy'],
      rootCause: 'A backtracking regex in a WAF rule',
      wentWell: null,
      wentBadly: null,
      followUps: [],
      submittedAt: null,
      publishedAt: null,
    });
    expect(startReview({ ...resolvedMajor, status: 'CLOSED' }, null, null).status).toBe('DRAFT');
  });

  it.each<IncidentStatus>(['NEW', 'ACKNOWLEDGED', 'IN_PROGRESS', 'ON_HOLD', 'CANCELLED'])(
    'refuses a %s major incident with INVALID_TRANSITION',
    (status) => {
      expect(() => startReview({ ...resolvedMajor, status }, null, null)).toThrow(
        expect.objectContaining({ code: 'INVALID_TRANSITION', details: { status } }),
      );
    },
  );

  it('refuses an incident that is not major, and a second review', () => {
    expect(() => startReview({ ...resolvedMajor, isMajor: false }, null, null)).toThrow(
      expect.objectContaining({ code: 'INVALID_TRANSITION', message: expect.stringContaining('major') }),
    );
    expect(() => startReview(resolvedMajor, { status: 'DRAFT' }, null)).toThrow(
      expect.objectContaining({ code: 'INVALID_TRANSITION', details: { status: 'DRAFT' } }),
    );
  });
});

describe('editing and moving a review: DRAFT -> IN_REVIEW -> PUBLISHED', () => {
  const draft = startReview(resolvedMajor, null, 'A backtracking regex');

  it('edits what is given, keeps the rest, and counts a version', () => {
    const edited = editReview(draft, 1, { rootCause: 'Regex backtracking', wentWell: undefined });
    expect(edited).toMatchObject({ version: 2, rootCause: 'Regex backtracking', impact: draft.impact });
  });

  it('goes to review, back to draft, to review again and out, with its times', () => {
    const ready = complete(draft);
    const inReview = moveReview(ready, 2, 'submit', at);
    expect(inReview).toMatchObject({ status: 'IN_REVIEW', version: 3, submittedAt: at });
    const back = moveReview(inReview, 3, 'return', at);
    expect(back).toMatchObject({ status: 'DRAFT', version: 4, submittedAt: null });
    const published = moveReview(moveReview(back, 4, 'submit', at), 5, 'publish', at);
    expect(published).toMatchObject({ status: 'PUBLISHED', version: 6, publishedAt: at });
  });

  it('publishes only from IN_REVIEW, and a PUBLISHED review is final', () => {
    const ready = complete(draft);
    expect(() => moveReview(ready, 2, 'publish', at)).toThrow(
      expect.objectContaining({ code: 'INVALID_TRANSITION', details: { from: 'DRAFT', to: 'PUBLISHED' } }),
    );
    const published = moveReview(moveReview(ready, 2, 'submit', at), 3, 'publish', at);
    for (const move of ['submit', 'return', 'publish'] as const) {
      expect(() => moveReview(published, 4, move, at)).toThrow(
        expect.objectContaining({ code: 'INVALID_TRANSITION', message: expect.stringContaining('final') }),
      );
    }
    expect(() => editReview(published, 4, { summary: 'rewritten' })).toThrow(
      expect.objectContaining({ code: 'INVALID_TRANSITION' }),
    );
  });

  it('goes forward only with a summary, an impact and a root cause', () => {
    const bare = { ...draft, impact: null, rootCause: null };
    expect(() => moveReview(bare, 1, 'submit', at)).toThrow(
      expect.objectContaining({
        code: 'INVALID_TRANSITION',
        details: { from: 'DRAFT', to: 'IN_REVIEW', missing: ['summary', 'impact', 'rootCause'] },
      }),
    );
  });

  it('checks the version first: a stale one is a CONFLICT', () => {
    expect(() => editReview(draft, 7, { summary: 'x' })).toThrow(
      expect.objectContaining({ code: 'CONFLICT' }),
    );
    expect(() => moveReview(draft, 7, 'submit', at)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
  });
});

describe('who produces the documentation (RACI: MI team R, MI manager A, others consulted)', () => {
  const caller = (roles: Caller['roles']): Caller => ({
    subject: 'u1',
    name: 'U One',
    email: null,
    roles,
    expiresAt: 0,
  });

  it('lets the MI team and the MI manager write; only the manager (and admins) approve', () => {
    expect(canReview(caller(['mi_team_member']), 'write')).toBe(true);
    expect(canReview(caller(['major_incident_manager']), 'write')).toBe(true);
    expect(canReview(caller(['mi_team_member']), 'approve')).toBe(false);
    expect(canReview(caller(['major_incident_manager']), 'approve')).toBe(true);
    expect(canReview(caller(['admin']), 'approve')).toBe(true);
  });

  it.each([
    'service_desk_technician',
    'technical_staff',
    'change_manager',
    'problem_manager',
    'external_consultant',
    'analyst',
    'end_user',
  ] as const)('refuses %s (consulted, or not involved) with FORBIDDEN', (role) => {
    expect(() => requireReviewPermission(caller([role]), 'write')).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
  });
});
