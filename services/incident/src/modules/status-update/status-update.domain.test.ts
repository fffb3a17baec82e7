import type { Caller, Role } from '@mim/auth';
import { ConfigError } from '@mim/config';
import { readEnv } from '../../env';
import { defaultStatusUpdateCadence } from './status-update.cadence';
import {
  type CadenceFacts,
  cadenceAffected,
  maxOverdueReminders,
  mayPublishStatusUpdate,
  nextReminderAt,
  nextUpdateDue,
  normaliseAudiences,
  seesStatusUpdate,
  statusUpdateVisibility,
} from './status-update.domain';

const declaredAt = new Date('2019-07-02T13:50:00Z');
const later = (minutes: number) => new Date(declaredAt.getTime() + minutes * 60_000);
const major: CadenceFacts = {
  status: 'IN_PROGRESS',
  isMajor: true,
  priority: 'P1',
  majorDeclaredAt: declaredAt,
};
const cadence = defaultStatusUpdateCadence;
const caller = (...roles: Role[]): Caller => ({ subject: 'u', name: 'U', email: null, roles, expiresAt: 0 });

describe('status update cadence', () => {
  it('is due one cadence after the declaration while no update came (P1 30 min, P2 60, others 120)', () => {
    expect(nextUpdateDue(major, null, cadence)).toEqual(later(30));
    expect(nextUpdateDue({ ...major, priority: 'P2' }, null, cadence)).toEqual(later(60));
    expect(nextUpdateDue({ ...major, priority: 'P4' }, null, cadence)).toEqual(later(120));
  });

  it('is due at the earlier of the promised next update and the last update plus the cadence', () => {
    const last = { publishedAt: later(10), nextUpdateDueAt: later(25) };
    expect(nextUpdateDue(major, last, cadence)).toEqual(later(25));
    expect(nextUpdateDue(major, { ...last, nextUpdateDueAt: later(90) }, cadence)).toEqual(later(40));
    expect(nextUpdateDue(major, { ...last, nextUpdateDueAt: null }, cadence)).toEqual(later(40));
  });

  it('is owed only by an open major incident', () => {
    expect(nextUpdateDue({ ...major, isMajor: false }, null, cadence)).toBeNull();
    for (const status of ['RESOLVED', 'CLOSED', 'CANCELLED'] as const) {
      expect(nextUpdateDue({ ...major, status }, null, cadence)).toBeNull();
    }
  });

  it('reminds one cadence later, not in a burst after downtime, and stops after the bound', () => {
    expect(nextReminderAt(later(30), later(30), 1, 'P1', cadence)).toEqual(later(60));
    expect(nextReminderAt(later(30), later(100), 1, 'P1', cadence)).toEqual(later(130));
    expect(nextReminderAt(later(30), later(30), maxOverdueReminders, 'P1', cadence)).toBeNull();
  });

  it('moves with a declaration, a resolution, a reopening or a new priority; not with other changes', () => {
    expect(cadenceAffected({ ...major, isMajor: false, majorDeclaredAt: null }, major)).toBe(true);
    expect(cadenceAffected(major, { ...major, status: 'RESOLVED' })).toBe(true);
    expect(cadenceAffected({ ...major, status: 'RESOLVED' }, major)).toBe(true);
    expect(cadenceAffected(major, { ...major, priority: 'P2' })).toBe(true);
    expect(cadenceAffected(major, { ...major, status: 'ON_HOLD' })).toBe(false);
    expect(cadenceAffected(null, { ...major, isMajor: false })).toBe(false);
    expect(cadenceAffected({ ...major, isMajor: false }, { ...major, isMajor: false, priority: 'P3' })).toBe(
      false,
    );
  });

  it('reads MI_STATUS_UPDATE_CADENCE_MINUTES as JSON or pairs over the defaults, and refuses nonsense', () => {
    const required = {
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/mim_incident',
      NATS_URL: 'nats://127.0.0.1:4222',
      AUTH_JWT_SECRET: 'x'.repeat(40),
    };
    expect(readEnv(required).MI_STATUS_UPDATE_CADENCE_MINUTES).toEqual({
      P1: 30,
      P2: 60,
      P3: 120,
      P4: 120,
      P5: 120,
    });
    expect(readEnv({ ...required, MI_STATUS_UPDATE_CADENCE_MINUTES: 'P1=15, P3=45' })).toMatchObject({
      MI_STATUS_UPDATE_CADENCE_MINUTES: { P1: 15, P2: 60, P3: 45, P4: 120 },
    });
    expect(
      readEnv({ ...required, MI_STATUS_UPDATE_CADENCE_MINUTES: '{"P2": 0.5}' })
        .MI_STATUS_UPDATE_CADENCE_MINUTES,
    ).toMatchObject({ P1: 30, P2: 0.5 });
    for (const bad of ['P1=0', 'P9=30', 'P1=abc', '{"P1": -5}', '{oops', 'P1', '[30]']) {
      expect(() => readEnv({ ...required, MI_STATUS_UPDATE_CADENCE_MINUTES: bad })).toThrow(ConfigError);
    }
  });
});

describe('status update audiences', () => {
  it('orders the audiences canonically, each once', () => {
    expect(normaliseAudiences(['USERS', 'MANAGEMENT', 'USERS'])).toEqual(['MANAGEMENT', 'USERS']);
  });

  it('puts an update to the users on the public timeline, the rest on the internal one', () => {
    expect(statusUpdateVisibility(['MANAGEMENT', 'USERS'])).toBe('PUBLIC');
    expect(statusUpdateVisibility(['TECHNICAL_TEAM', 'MANAGEMENT', 'KEY_STAKEHOLDERS'])).toBe('INTERNAL');
  });

  it('shows staff and the team every update, the reporter only those to the users', () => {
    expect(seesStatusUpdate({ kind: 'all' }, ['MANAGEMENT'])).toBe(true);
    expect(seesStatusUpdate({ kind: 'participant', userId: 'vendor-9' }, ['TECHNICAL_TEAM'])).toBe(true);
    expect(seesStatusUpdate({ kind: 'reporter', reporterId: 'alice' }, ['USERS'])).toBe(true);
    expect(seesStatusUpdate({ kind: 'reporter', reporterId: 'alice' }, ['KEY_STAKEHOLDERS'])).toBe(false);
    expect(seesStatusUpdate({ kind: 'none' }, ['USERS'])).toBe(false);
  });

  it('lets the MI team, the MI manager, the communications lead and admins publish (RACI)', () => {
    for (const role of [
      'major_incident_manager',
      'mi_team_member',
      'communications_lead',
      'admin',
    ] as const) {
      expect(mayPublishStatusUpdate(caller(role))).toBe(true);
    }
    for (const role of [
      'service_desk_technician',
      'technical_staff',
      'end_user',
      'external_consultant',
    ] as const) {
      expect(mayPublishStatusUpdate(caller(role))).toBe(false);
    }
  });
});
