import {
  decodeTimelineCursor,
  defaultVisibility,
  encodeTimelineCursor,
  incidentTimelineKinds,
} from './timeline.domain';

describe('timeline visibility', () => {
  it('shows the reporter that it was logged, every status change (resolution included) and a major declaration', () => {
    expect(defaultVisibility('created')).toBe('PUBLIC');
    expect(defaultVisibility('status_changed')).toBe('PUBLIC');
    expect(defaultVisibility('major_declared')).toBe('PUBLIC');
  });

  it('keeps priority, assignment, escalation, comments (unless marked public), the team and unknown kinds internal', () => {
    expect(incidentTimelineKinds.filter((kind) => defaultVisibility(kind) === 'INTERNAL').sort()).toEqual([
      'assigned',
      'comment_added',
      'escalated',
      'participant_added',
      'participant_removed',
      'priority_changed',
    ]);
    expect(defaultVisibility('alert_resolved')).toBe('INTERNAL');
    expect(defaultVisibility('problem_opened')).toBe('INTERNAL');
  });
});

describe('timeline cursor', () => {
  it('round-trips the instant and the sequence', () => {
    const at = new Date('2026-01-01T10:00:00.001Z');
    expect(decodeTimelineCursor(encodeTimelineCursor(at, '42'))).toEqual({ at: at.toISOString(), seq: '42' });
  });

  it.each([
    ['garbage', 'zzz'],
    [
      'a non-numeric sequence',
      Buffer.from(JSON.stringify(['2026-01-01T00:00:00Z', '1; DROP'])).toString('base64url'),
    ],
    [
      'a numeric sequence as a number',
      Buffer.from(JSON.stringify(['2026-01-01T00:00:00Z', 1])).toString('base64url'),
    ],
  ])('refuses %s as BAD_USER_INPUT', (_case, cursor) => {
    expect(() => decodeTimelineCursor(cursor)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });
});
