import { DomainError } from '@mim/errors';
import { decodeCursor, encodeCursor } from './keyset-cursor';

const id = '0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10';
const at = new Date('2026-01-01T10:00:00.123Z');
const raw = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('keyset cursor', () => {
  it('round-trips the timestamp (to the millisecond) and the id', () => {
    expect(decodeCursor(encodeCursor(at, id))).toEqual({ at: '2026-01-01T10:00:00.123Z', id });
  });

  it('is base64url of the JSON [isoTimestamp, id]', () => {
    const cursor = encodeCursor(at, id);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))).toEqual([at.toISOString(), id]);
  });

  it('accepts an id in upper case', () => {
    expect(decodeCursor(raw([at.toISOString(), id.toUpperCase()])).id).toBe(id.toUpperCase());
  });

  it.each([
    ['not base64 JSON', 'zzz'],
    ['empty', ''],
    ['JSON that is not an array', raw({ at: at.toISOString(), id })],
    ['null', raw(null)],
    ['a timestamp that is not a date', raw(['yesterday', id])],
    ['a timestamp that is not a string', raw([at.getTime(), id])],
    ['an id that is not a UUID', raw([at.toISOString(), 'not-an-id'])],
    ['an id that is not a string', raw([at.toISOString(), 42])],
    ['a missing id', raw([at.toISOString()])],
  ])('refuses %s as BAD_USER_INPUT on `after`', (_case, cursor) => {
    let thrown: unknown;
    try {
      decodeCursor(cursor);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect(thrown).toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { fields: [{ path: 'after', message: 'invalid cursor' }] },
    });
  });
});
