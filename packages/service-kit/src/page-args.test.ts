import { pageArgs } from './page-args';

describe('page arguments', () => {
  it('default to the first 20 from the start', () => {
    expect(pageArgs.parse({})).toEqual({ first: 20 });
  });

  it('accept 1 to 100 and a cursor', () => {
    expect(pageArgs.parse({ first: 1, after: 'abc' })).toEqual({ first: 1, after: 'abc' });
    expect(pageArgs.parse({ first: 100, after: null })).toEqual({ first: 100, after: null });
  });

  it('refuse more than 100 per page, fewer than 1, fractions and long cursors', () => {
    const tooMany = pageArgs.safeParse({ first: 101 });
    expect(tooMany.error?.issues[0]?.message).toBe('at most 100 per page');
    expect(pageArgs.safeParse({ first: 0 }).success).toBe(false);
    expect(pageArgs.safeParse({ first: 2.5 }).success).toBe(false);
    expect(pageArgs.safeParse({ after: 'x'.repeat(201) }).success).toBe(false);
  });
});
