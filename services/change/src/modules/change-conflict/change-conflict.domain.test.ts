import type { ChangeStatus } from '../change-request/change-request.domain';
import { type PlannedChange, conflictBetween, findConflicts } from './change-conflict.domain';

const t = (hour: number, minute = 0) => new Date(Date.UTC(2026, 2, 10, hour, minute));
const change = (
  id: string,
  window: [Date, Date],
  things: { services?: string[]; cis?: string[]; status?: ChangeStatus } = {},
): PlannedChange => ({
  id,
  status: things.status ?? 'SUBMITTED',
  plannedStart: window[0],
  plannedEnd: window[1],
  affectedServices: things.services ?? [],
  configurationItems: things.cis ?? [],
});

const subject = change('s', [t(22), t(23)], { services: ['checkout', 'waf'], cis: ['pop-lhr'] });

describe('conflicts between planned changes', () => {
  it('reports an overlapping window on a shared service, with what is shared and when', () => {
    const other = change('o', [t(22, 30), t(23, 30)], { services: ['waf', 'dns'] });
    expect(conflictBetween(subject, other)).toEqual({
      change: other,
      services: ['waf'],
      configurationItems: [],
      overlap: { start: t(22, 30), end: t(23) },
    });
  });

  it('reports a shared configuration item alone as a conflict too', () => {
    const other = change('o', [t(21), t(22, 15)], { cis: ['pop-lhr', 'pop-cdg'] });
    expect(conflictBetween(subject, other)).toMatchObject({
      services: [],
      configurationItems: ['pop-lhr'],
      overlap: { start: t(22), end: t(22, 15) },
    });
  });

  it('reports the whole of a window inside the other', () => {
    const other = change('o', [t(20), t(23, 59)], { services: ['checkout'] });
    expect(conflictBetween(subject, other)?.overlap).toEqual({ start: t(22), end: t(23) });
  });

  it('ignores windows that only touch, or do not meet', () => {
    expect(conflictBetween(subject, change('a', [t(23), t(23, 30)], { services: ['waf'] }))).toBeNull();
    expect(conflictBetween(subject, change('b', [t(21), t(22)], { services: ['waf'] }))).toBeNull();
    expect(conflictBetween(subject, change('c', [t(8), t(9)], { services: ['waf'] }))).toBeNull();
  });

  it('ignores overlapping windows on other services and CIs; names match exactly', () => {
    expect(
      conflictBetween(subject, change('o', [t(22), t(23)], { services: ['dns'], cis: ['pop-cdg'] })),
    ).toBeNull();
    expect(conflictBetween(subject, change('o', [t(22), t(23)], { services: ['WAF'] }))).toBeNull();
  });

  it.each<ChangeStatus>(['REJECTED', 'CLOSED'])('ignores a %s change, and finds none for one', (status) => {
    const other = change('o', [t(22), t(23)], { services: ['waf'] });
    expect(conflictBetween(subject, { ...other, status })).toBeNull();
    expect(conflictBetween({ ...subject, status }, other)).toBeNull();
  });

  it.each<ChangeStatus>(['DRAFT', 'APPROVED', 'SCHEDULED', 'IMPLEMENTING', 'IMPLEMENTED', 'REVIEWED'])(
    'counts a %s change as holding its window',
    (status) => {
      expect(
        conflictBetween(subject, change('o', [t(22), t(23)], { services: ['waf'], status })),
      ).not.toBeNull();
    },
  );

  it('never reports a change against itself, and sorts by overlap start then id', () => {
    const later = change('a', [t(22, 45), t(23)], { services: ['waf'] });
    const earlier = change('z', [t(22, 10), t(22, 20)], { services: ['checkout'] });
    const same = change('b', [t(22, 45), t(23)], { cis: ['pop-lhr'] });
    const found = findConflicts(subject, [later, subject, earlier, same, change('x', [t(1), t(2)])]);
    expect(found.map((conflict) => conflict.change.id)).toEqual(['z', 'a', 'b']);
  });
});
