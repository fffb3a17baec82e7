import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { type MigratedTestDatabase, createMigratedTestDatabase } from '@mim/testing';
import type { DataSource, EntityManager } from 'typeorm';
import { entities, migrations } from '../src/data-source';
import type { NotificationAudience } from '../src/modules/notification/notification.vocabulary';
import {
  type DirectoryIncident,
  type Recipient,
  StakeholderDirectory,
} from '../src/modules/stakeholder/stakeholder.directory';

/**
 * The directory against real PostgreSQL with the service's migrations: each test makes its own groups,
 * people and services (names unique to the test), so tests do not see each other's data.
 */
describe('stakeholder directory (real PostgreSQL)', () => {
  let migrated: MigratedTestDatabase;
  let db: DataSource;
  // Webhooks are told in the default language: fr here, so it cannot be mistaken for a person's en.
  const directory = new StakeholderDirectory('fr');
  let sequence = 0;

  beforeAll(async () => {
    migrated = await createMigratedTestDatabase('notification_directory', { entities, migrations });
    db = migrated.dataSource;
  });
  afterAll(async () => {
    await migrated?.dispose();
  });

  /** Names unique to one test: `svc('checkout')` -> `t3-checkout`. */
  let prefix = '';
  beforeEach(() => {
    sequence += 1;
    prefix = `t${sequence}-`;
  });
  const svc = (name: string) => `${prefix}${name}`;

  async function group(
    kind: string,
    options: { services?: string[]; tier?: 'L1' | 'L2' | 'L3'; members?: string[] } = {},
  ): Promise<string> {
    const id = randomUUID();
    await db.query(
      `INSERT INTO stakeholder_group (id, name, kind, support_tier, services) VALUES ($1, $2, $3, $4, $5)`,
      [id, `${prefix}${kind}-${id.slice(0, 8)}`, kind, options.tier ?? null, options.services ?? []],
    );
    for (const userId of options.members ?? []) {
      await db.query(
        `INSERT INTO stakeholder_group_member (group_id, stakeholder_id)
         SELECT $1, id FROM stakeholder WHERE user_id = $2`,
        [id, userId],
      );
    }
    return id;
  }

  /** A person; returns their user id (unique to the test). */
  async function person(
    name: string,
    options: { email?: string | null; locale?: 'en' | 'fr'; subscribedTo?: string[] } = {},
  ): Promise<string> {
    const userId = `${prefix}${name.toLowerCase()}`;
    const id = randomUUID();
    await db.query(`INSERT INTO stakeholder (id, user_id, name, email, locale) VALUES ($1, $2, $3, $4, $5)`, [
      id,
      userId,
      name,
      options.email === undefined ? `${userId}@example.com` : options.email,
      options.locale ?? 'en',
    ]);
    for (const service of options.subscribedTo ?? []) {
      await db.query(`INSERT INTO service_subscription (stakeholder_id, service) VALUES ($1, $2)`, [
        id,
        service,
      ]);
    }
    return userId;
  }

  async function webhook(groupId: string, name: string, enabled = true): Promise<string> {
    const id = randomUUID();
    await db.query(
      `INSERT INTO webhook_endpoint (id, group_id, name, url, format, secret, enabled)
       VALUES ($1, $2, $3, 'https://hooks.example.com/x', 'SLACK', 'secret', $4)`,
      [id, groupId, name, enabled],
    );
    return id;
  }

  const incident = (overrides: Partial<DirectoryIncident> = {}): DirectoryIncident => ({
    affectedServices: [svc('checkout')],
    supportTier: 'L1',
    reporterId: null,
    reporterName: null,
    reporterEmail: null,
    assigneeId: null,
    assigneeName: null,
    participants: {},
    ...overrides,
  });

  /** The recipients of an audience, read in a transaction as the planner does, with the queries it made. */
  async function recipients(
    audience: NotificationAudience,
    of: DirectoryIncident,
  ): Promise<{ found: Recipient[]; queries: number }> {
    return db.transaction(async (manager: EntityManager) => {
      const spy = jest.spyOn(manager, 'query');
      try {
        const found = await directory.recipients(manager, audience, of);
        return { found, queries: spy.mock.calls.length };
      } finally {
        spy.mockRestore();
      }
    });
  }
  const who = (found: Recipient[]) =>
    found.map((recipient) =>
      recipient.kind === 'person' ? recipient.userId : `webhook:${recipient.endpointId}`,
    );

  it('reaches the groups of the kind that cover the services: members once each, enabled webhooks, in few queries', async () => {
    const ana = await person('Ana', { locale: 'fr' });
    const bob = await person('Bob', { email: null });
    const cyd = await person('Cyd');
    const dee = await person('Dee');
    const everyService = await group('TECHNICAL_TEAM', { members: [bob, ana] });
    const checkout = await group('TECHNICAL_TEAM', {
      services: [svc('checkout'), svc('cart')],
      members: [ana],
    });
    const payroll = await group('TECHNICAL_TEAM', { services: [svc('payroll')], members: [cyd] });
    await group('MANAGEMENT', { members: [dee] });
    const slack = await webhook(checkout, `${prefix}slack`);
    await webhook(checkout, `${prefix}disabled`, false);
    await webhook(payroll, `${prefix}payroll`);
    const teams = await webhook(everyService, `${prefix}teams`);

    const { found, queries } = await recipients('TECHNICAL_TEAM', incident());
    expect(queries).toBeLessThanOrEqual(2);
    // Groups for every service, with no listed service, belong to other tests too: keep this test's.
    const mine = found.filter((r) => (r.kind === 'person' ? r.userId : r.name).startsWith(prefix));
    expect(mine).toEqual([
      { kind: 'person', userId: ana, name: 'Ana', email: `${ana}@example.com`, locale: 'fr' },
      { kind: 'person', userId: bob, name: 'Bob', email: null, locale: 'en' },
      { kind: 'webhook', endpointId: slack, name: `${prefix}slack`, format: 'SLACK', locale: 'fr' },
      { kind: 'webhook', endpointId: teams, name: `${prefix}teams`, format: 'SLACK', locale: 'fr' },
    ]);
    expect(new Set(who(found)).size).toBe(found.length);

    // An incident on no service of theirs reaches only the groups for every service.
    const elsewhere = await recipients('TECHNICAL_TEAM', incident({ affectedServices: [svc('dns')] }));
    expect(
      who(elsewhere.found).filter(
        (id) => id.startsWith(prefix) || [`webhook:${teams}`, `webhook:${slack}`].includes(id),
      ),
    ).toEqual([ana, bob, `webhook:${teams}`]);
    expect(who(found)).not.toContain(cyd);
    expect(who(found)).not.toContain(dee);
    expect((await recipients('MANAGEMENT', incident())).found.map((r) => r.name)).toContain('Dee');
  });

  it('reaches management and key stakeholders by their own groups only', async () => {
    const cio = await person('Cio');
    const head = await person('Head');
    await group('MANAGEMENT', { services: [svc('checkout')], members: [cio] });
    await group('KEY_STAKEHOLDERS', { services: [svc('checkout')], members: [head] });
    expect(who((await recipients('MANAGEMENT', incident())).found)).toContain(cio);
    expect(who((await recipients('MANAGEMENT', incident())).found)).not.toContain(head);
    expect(who((await recipients('KEY_STAKEHOLDERS', incident())).found)).toContain(head);
    expect(who((await recipients('KEY_STAKEHOLDERS', incident())).found)).not.toContain(cio);
  });

  it('reaches users through USERS groups and through subscriptions to an affected service, each person once', async () => {
    const member = await person('Member');
    const both = await person('Both', { subscribedTo: [svc('checkout')] });
    const subscriber = await person('Subscriber', {
      subscribedTo: [svc('cart'), svc('checkout')],
      locale: 'fr',
    });
    const otherService = await person('Other', { subscribedTo: [svc('payroll')] });
    await group('USERS', { services: [svc('checkout')], members: [member, both] });
    await group('TECHNICAL_TEAM', { services: [svc('checkout')], members: [otherService] });

    const { found, queries } = await recipients(
      'USERS',
      incident({ affectedServices: [svc('cart'), svc('checkout')] }),
    );
    expect(queries).toBeLessThanOrEqual(2);
    expect(who(found).filter((id) => id.startsWith(prefix))).toEqual([both, member, subscriber]);
    expect(found.find((r) => r.kind === 'person' && r.userId === subscriber)).toMatchObject({ locale: 'fr' });
  });

  it('reaches the technical teams of the next tier that cover the services (none above L3)', async () => {
    const l1 = await person('Level1');
    const l2 = await person('Level2');
    const l2elsewhere = await person('Level2elsewhere');
    const l3 = await person('Level3');
    await group('TECHNICAL_TEAM', { tier: 'L1', services: [svc('checkout')], members: [l1] });
    const second = await group('TECHNICAL_TEAM', { tier: 'L2', services: [svc('checkout')], members: [l2] });
    await group('TECHNICAL_TEAM', { tier: 'L2', services: [svc('payroll')], members: [l2elsewhere] });
    await group('TECHNICAL_TEAM', { tier: 'L3', services: [svc('checkout')], members: [l3] });
    const pager = await webhook(second, `${prefix}pager`);

    const mine = (found: Recipient[]) =>
      who(found).filter((id) => id.startsWith(prefix) || id === `webhook:${pager}`);
    expect(mine((await recipients('NEXT_TIER', incident({ supportTier: 'L1' }))).found)).toEqual([
      l2,
      `webhook:${pager}`,
    ]);
    expect(mine((await recipients('NEXT_TIER', incident({ supportTier: 'L2' }))).found)).toEqual([l3]);
    const last = await recipients('NEXT_TIER', incident({ supportTier: 'L3' }));
    expect(last).toEqual({ found: [], queries: 0 });
  });

  it('tells the reporter and the assignee from the incident, with the language and email of their record', async () => {
    const rita = await person('Rita', { email: 'rita.directory@example.com', locale: 'fr' });
    const reporter = await recipients(
      'REPORTER',
      incident({ reporterId: rita, reporterName: 'Rita R.', reporterEmail: 'rita.incident@example.com' }),
    );
    expect(reporter.queries).toBe(1);
    expect(reporter.found).toEqual([
      { kind: 'person', userId: rita, name: 'Rita R.', email: 'rita.incident@example.com', locale: 'fr' },
    ]);
    // No email on the incident: the record's.
    expect(
      (await recipients('REPORTER', incident({ reporterId: rita, reporterName: 'Rita' }))).found,
    ).toEqual([
      { kind: 'person', userId: rita, name: 'Rita', email: 'rita.directory@example.com', locale: 'fr' },
    ]);
    // Not in the directory: the default language, the incident's details.
    expect(
      (
        await recipients(
          'REPORTER',
          incident({ reporterId: 'walk-in', reporterName: null, reporterEmail: null }),
        )
      ).found,
    ).toEqual([{ kind: 'person', userId: 'walk-in', name: 'walk-in', email: null, locale: 'fr' }]);
    expect(await recipients('REPORTER', incident())).toEqual({ found: [], queries: 0 });

    const sam = await person('Sam', { locale: 'en' });
    expect(
      (await recipients('ASSIGNEE', incident({ assigneeId: sam, assigneeName: 'Sam S.' }))).found,
    ).toEqual([{ kind: 'person', userId: sam, name: 'Sam S.', email: `${sam}@example.com`, locale: 'en' }]);
    expect((await recipients('ASSIGNEE', incident())).found).toEqual([]);
  });

  it('answers several audiences at once in two queries, as each alone would', async () => {
    const ana = await person('Ana', { locale: 'fr' });
    const cio = await person('Cio', { subscribedTo: [svc('checkout')] });
    const rita = await person('Rita');
    const l1 = await group('TECHNICAL_TEAM', { tier: 'L1', services: [svc('checkout')], members: [ana] });
    await group('TECHNICAL_TEAM', { tier: 'L2', services: [svc('checkout')], members: [ana, cio] });
    await group('MANAGEMENT', { services: [svc('checkout')], members: [cio] });
    await webhook(l1, `${prefix}slack`);
    const of = incident({
      reporterId: rita,
      reporterName: 'Rita',
      participants: { [cio]: { name: 'Cio', role: 'COMMUNICATIONS_LEAD', at: 1 } },
    });
    const audiences: NotificationAudience[] = [
      'TECHNICAL_TEAM',
      'NEXT_TIER',
      'MANAGEMENT',
      'KEY_STAKEHOLDERS',
      'USERS',
      'REPORTER',
      'ASSIGNEE',
      'MAJOR_INCIDENT_MANAGER',
      'COMMUNICATIONS_LEAD',
    ];
    const { all, queries } = await db.transaction(async (manager: EntityManager) => {
      const spy = jest.spyOn(manager, 'query');
      try {
        const found = await directory.recipientsOf(manager, audiences, of);
        return { all: found, queries: spy.mock.calls.length };
      } finally {
        spy.mockRestore();
      }
    });
    expect(queries).toBe(2);
    expect([...all.keys()]).toEqual(audiences);
    for (const audience of audiences) {
      expect({ audience, found: all.get(audience) }).toEqual({
        audience,
        found: (await recipients(audience, of)).found,
      });
    }
    expect(who(all.get('NEXT_TIER') ?? []).filter((id) => id.startsWith(prefix))).toEqual([ana, cio]);
    expect(who(all.get('COMMUNICATIONS_LEAD') ?? [])).toEqual([cio]);
  });

  it("tells the incident's major incident manager and communications lead, not removed participants", async () => {
    const mim = await person('Mim', { locale: 'fr' });
    const participants = {
      [mim]: { name: 'Mia Manager', role: 'MAJOR_INCIDENT_MANAGER', at: 1 },
      'former-mim': { name: 'Former', role: null, at: 2 },
      'comms-1': { name: 'Cleo Comms', role: 'COMMUNICATIONS_LEAD', at: 3 },
      'tech-1': { name: 'Tom Tech', role: 'TECHNICAL_STAFF', at: 4 },
    } as unknown as DirectoryIncident['participants'];

    const managers = await recipients('MAJOR_INCIDENT_MANAGER', incident({ participants }));
    expect(managers.queries).toBe(1);
    expect(managers.found).toEqual([
      { kind: 'person', userId: mim, name: 'Mia Manager', email: `${mim}@example.com`, locale: 'fr' },
    ]);
    expect((await recipients('COMMUNICATIONS_LEAD', incident({ participants }))).found).toEqual([
      { kind: 'person', userId: 'comms-1', name: 'Cleo Comms', email: null, locale: 'fr' },
    ]);
  });
});
