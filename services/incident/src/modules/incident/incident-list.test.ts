import { decodeListCursor, encodeListCursor, keysetOf } from './incident-list';

const id = '0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10';
const row = { reportedAt: new Date('2026-01-01T10:00:00.123Z'), id, priority: 'P2' as const };
const raw = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('incident list cursors', () => {
  it.each(['NEWEST', 'OLDEST'] as const)('round-trip the report time and id for %s', (sort) => {
    expect(decodeListCursor(sort, encodeListCursor(sort, row))).toEqual({
      sort,
      reportedAt: '2026-01-01T10:00:00.123Z',
      id,
      priority: null,
    });
  });

  it('carry the priority for the PRIORITY order', () => {
    expect(decodeListCursor('PRIORITY', encodeListCursor('PRIORITY', row))).toMatchObject({ priority: 'P2' });
  });

  it.each([
    ['not base64 JSON', 'zzz'],
    ['a cursor of another order', encodeListCursor('OLDEST', row)],
    ['a timestamp that is not a date', raw(['NEWEST', 'yesterday', id])],
    ['an id that is not a UUID', raw(['NEWEST', row.reportedAt.toISOString(), 'x'])],
    ['an object', raw({ sort: 'NEWEST' })],
  ])('refuse %s as BAD_USER_INPUT on `after`', (_case, cursor) => {
    expect(() => decodeListCursor('NEWEST', cursor)).toThrow(
      expect.objectContaining({
        code: 'BAD_USER_INPUT',
        details: { fields: [expect.objectContaining({ path: 'after' })] },
      }),
    );
  });

  it('refuse a PRIORITY cursor without a valid priority', () => {
    expect(() =>
      decodeListCursor('PRIORITY', raw(['PRIORITY', row.reportedAt.toISOString(), id, 'P9'])),
    ).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });

  it('order each sort with the id last, so every position is unique', () => {
    for (const sort of ['NEWEST', 'OLDEST', 'PRIORITY'] as const) {
      expect(keysetOf(sort).orderBy.at(-1)?.[0]).toBe('incident.id');
    }
    expect(keysetOf('PRIORITY').orderBy[0]).toEqual(['incident.priority', 'ASC']);
  });
});
