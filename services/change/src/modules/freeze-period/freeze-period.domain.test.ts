import {
  type FreezeLike,
  blockingFreezes,
  defineFreeze,
  freezeAppliesTo,
  reviseFreeze,
} from './freeze-period.domain';

const code = (value: string) => expect.objectContaining({ code: value });
const day = (d: number, h = 0) => new Date(Date.UTC(2026, 11, d, h));
const freeze = (id: string, start: Date, end: Date, services: string[] = []): FreezeLike => ({
  id,
  name: `freeze ${id}`,
  start,
  end,
  services,
});
const change = (type: 'STANDARD' | 'NORMAL' | 'EMERGENCY', services: string[] = ['checkout']) => ({
  type,
  plannedStart: day(20, 22),
  plannedEnd: day(20, 23),
  affectedServices: services,
});

describe('freeze rules', () => {
  const yearEnd = freeze('all', day(18), day(27));

  it('holds back normal and standard changes, never emergency ones', () => {
    expect(freezeAppliesTo('NORMAL')).toBe(true);
    expect(freezeAppliesTo('STANDARD')).toBe(true);
    expect(freezeAppliesTo('EMERGENCY')).toBe(false);
    expect(blockingFreezes(change('NORMAL'), [yearEnd])).toEqual([yearEnd]);
    expect(blockingFreezes(change('STANDARD'), [yearEnd])).toEqual([yearEnd]);
    expect(blockingFreezes(change('EMERGENCY'), [yearEnd])).toEqual([]);
  });

  it('freezes every service when it names none, only its services otherwise', () => {
    expect(blockingFreezes(change('NORMAL', []), [yearEnd])).toEqual([yearEnd]);
    const checkout = freeze('c', day(18), day(27), ['checkout']);
    const payroll = freeze('p', day(18), day(27), ['payroll']);
    expect(blockingFreezes(change('NORMAL'), [payroll, checkout])).toEqual([checkout]);
    expect(blockingFreezes(change('NORMAL', ['dns']), [payroll, checkout])).toEqual([]);
  });

  it('blocks only on overlap: a freeze ending as the window starts, or starting as it ends, does not', () => {
    expect(blockingFreezes(change('NORMAL'), [freeze('a', day(19), day(20, 22))])).toEqual([]);
    expect(blockingFreezes(change('NORMAL'), [freeze('b', day(20, 23), day(21))])).toEqual([]);
    // One minute of freeze at the start of the window is enough.
    const minute = freeze('c', day(20, 22), new Date(day(20, 22).getTime() + 60_000));
    expect(blockingFreezes(change('NORMAL'), [minute])).toEqual([minute]);
  });

  it('lists the blocking freezes earliest first', () => {
    const later = freeze('l', day(20, 12), day(21));
    const earlier = freeze('e', day(1), day(31));
    expect(blockingFreezes(change('NORMAL'), [later, earlier]).map((found) => found.id)).toEqual(['e', 'l']);
  });
});

describe('defining and revising a freeze', () => {
  it('needs its end after its start', () => {
    expect(defineFreeze({ name: 'n', start: day(1), end: day(2), services: [] })).toMatchObject({
      version: 1,
    });
    expect(() => defineFreeze({ name: 'n', start: day(2), end: day(2), services: [] })).toThrow(
      code('BAD_USER_INPUT'),
    );
  });

  it('changes the fields given, keeps the rest, and checks the version and the window', () => {
    const current = { ...freeze('f', day(1), day(5), ['checkout']), version: 3 };
    expect(reviseFreeze(current, 3, { end: day(9), services: [] })).toMatchObject({
      name: 'freeze f',
      start: day(1),
      end: day(9),
      services: [],
      version: 4,
    });
    expect(() => reviseFreeze(current, 2, { name: 'x' })).toThrow(code('CONFLICT'));
    expect(() => reviseFreeze(current, 3, { start: day(6) })).toThrow(code('BAD_USER_INPUT'));
  });
});
