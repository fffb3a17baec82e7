import type { Caller } from '@mim/auth';
import { actionInstant, mayImport, requireImporter } from './import.domain';

const caller = (roles: Caller['roles']): Caller => ({
  subject: 'u1',
  name: 'U One',
  email: null,
  roles,
  expiresAt: 0,
});
const now = new Date('2026-01-10T12:00:00Z');
const bounds = {
  reportedAt: new Date('2019-07-02T13:45:00Z'),
  latestEntryAt: new Date('2019-07-02T13:50:00Z'),
};

describe('import and replay: who may date an action', () => {
  it('lets admins only', () => {
    expect(mayImport(caller(['admin']))).toBe(true);
    for (const role of [
      'major_incident_manager',
      'service_desk_technician',
      'analyst',
      'end_user',
    ] as const) {
      expect(mayImport(caller([role]))).toBe(false);
    }
  });

  it('refuses anyone else with FORBIDDEN, but only when they give `at`', () => {
    const manager = caller(['major_incident_manager']);
    expect(() => requireImporter(manager, new Date())).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
    expect(() => requireImporter(manager, null)).not.toThrow();
    expect(() => requireImporter(manager, undefined)).not.toThrow();
    expect(() => requireImporter(caller(['admin']), new Date())).not.toThrow();
  });
});

describe('import and replay: the instant an action is recorded at', () => {
  const badAt = (message: string) =>
    expect.objectContaining({
      code: 'BAD_USER_INPUT',
      details: { fields: [{ path: 'at', message: expect.stringContaining(message) }] },
    });

  it('is now without `at`', () => {
    expect(actionInstant(null, now, bounds)).toBe(now);
    expect(actionInstant(undefined, now, bounds)).toBe(now);
  });

  it('is `at` when it follows the history, equal to the latest entry included', () => {
    const at = new Date('2019-07-02T14:07:00Z');
    expect(actionInstant(at, now, bounds)).toBe(at);
    expect(actionInstant(bounds.latestEntryAt, now, bounds)).toBe(bounds.latestEntryAt);
    expect(actionInstant(at, now, { ...bounds, latestEntryAt: null })).toBe(at);
  });

  it('tolerates a small clock skew ahead of now, not more', () => {
    expect(actionInstant(new Date(now.getTime() + 30_000), now, bounds)).toEqual(
      new Date(now.getTime() + 30_000),
    );
    expect(() => actionInstant(new Date(now.getTime() + 120_000), now, bounds)).toThrow(
      badAt('must not be in the future'),
    );
  });

  it('refuses an instant before the report', () => {
    expect(() =>
      actionInstant(new Date('2019-07-02T13:40:00Z'), now, { ...bounds, latestEntryAt: null }),
    ).toThrow(badAt('must not be before the incident was reported (2019-07-02T13:45:00.000Z)'));
  });

  it('refuses an instant before the latest timeline entry: history is appended in order', () => {
    expect(() => actionInstant(new Date('2019-07-02T13:49:59Z'), now, bounds)).toThrow(
      badAt("must not be before the latest entry of the incident's timeline (2019-07-02T13:50:00.000Z)"),
    );
  });
});
