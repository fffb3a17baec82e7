import 'reflect-metadata';
import type { RunningService } from '@mim/service-kit';
import { ServiceCaller, type TestService, startTestService, tokenFor } from '@mim/testing';
import { type NotificationEnv, readEnv } from '../src/env';
import { notificationService } from '../src/service-definition';

class Api extends ServiceCaller {
  constructor(private readonly service: RunningService) {
    super();
  }
  protected get url() {
    return this.service.url;
  }
}

interface Group {
  id: string;
  name: string;
  kind: string;
  supportTier: string | null;
  services: string[];
  description: string | null;
  version: number;
  members: Array<{ userId: string; name: string }>;
}

const groupFields = `id name kind supportTier services description version members { userId name }`;
const createGroup = `mutation Create($input: StakeholderGroupInput!) {
  createStakeholderGroup(input: $input) { ${groupFields} }
}`;
const updateGroup = `mutation Update($id: ID!, $expectedVersion: Int!, $input: StakeholderGroupInput!) {
  updateStakeholderGroup(id: $id, expectedVersion: $expectedVersion, input: $input) { ${groupFields} }
}`;
const deleteGroup = `mutation Delete($id: ID!) { deleteStakeholderGroup(id: $id) }`;
const groupQuery = `query Group($id: ID!) { stakeholderGroup(id: $id) { ${groupFields} } }`;
const groupsQuery = `query Groups($kind: StakeholderKind) { stakeholderGroups(kind: $kind) { id name kind } }`;
const saveStakeholder = `mutation Save($input: SaveStakeholderInput!) {
  saveStakeholder(input: $input) { id userId name email language }
}`;
const addMembers = `mutation Add($groupId: ID!, $userIds: [ID!]!) {
  addStakeholderGroupMembers(groupId: $groupId, userIds: $userIds) { id members { userId name } }
}`;
const removeMember = `mutation Remove($groupId: ID!, $userId: ID!) {
  removeStakeholderGroupMember(groupId: $groupId, userId: $userId) { id members { userId } }
}`;
const stakeholderQuery = `query Person($userId: ID!) {
  stakeholder(userId: $userId) { userId name email language groups { name } subscribedServices }
}`;
const subscribe = `mutation Subscribe($services: [String!]!, $language: Language) {
  subscribeToServices(services: $services, language: $language) { userId name email language subscribedServices }
}`;
const unsubscribe = `mutation Unsubscribe($services: [String!]!) { unsubscribeFromServices(services: $services) }`;
const mySubscriptions = `query Mine { myServiceSubscriptions }`;

describe('stakeholder directory API (real PostgreSQL and NATS)', () => {
  let testService: TestService<NotificationEnv>;
  let api: Api;
  let comms: string;
  let admin: string;
  let mim: string;
  let technician: string;
  let teamMember: string;
  let endUser: string;
  let sequence = 0;
  const unique = (name: string) => `${name} ${++sequence}`;

  beforeAll(async () => {
    testService = await startTestService(notificationService, readEnv, {
      label: 'notification_stakeholders',
      overrides: { SMTP_URL: 'smtp://127.0.0.1:9', NOTIFICATION_DEFAULT_LANGUAGE: 'fr' },
    });
    api = new Api(testService.service);
    [comms, admin, mim, technician, teamMember, endUser] = await Promise.all([
      tokenFor('comms-1', ['communications_lead']),
      tokenFor('admin-1', ['admin']),
      tokenFor('mim-1', ['major_incident_manager']),
      tokenFor('tech-1', ['service_desk_technician']),
      tokenFor('team-1', ['mi_team_member']),
      tokenFor('user-1', ['end_user']),
    ]);
  });
  afterAll(async () => {
    await testService?.stop();
  });

  const groupInput = (overrides: Record<string, unknown> = {}) => ({
    name: unique('Checkout SRE'),
    kind: 'TECHNICAL_TEAM',
    supportTier: 'L2',
    services: ['checkout', 'cart', 'checkout'],
    description: 'Owns the checkout path',
    ...overrides,
  });
  const groupCount = async () => (await api.ok<unknown[]>(technician, groupsQuery)).length;

  it('creates, reads, updates with optimistic concurrency and deletes a group', async () => {
    const created = await api.ok<Group>(comms, createGroup, {
      input: groupInput({ name: '  Checkout SRE  ' }),
    });
    expect(created).toMatchObject({
      name: 'Checkout SRE',
      kind: 'TECHNICAL_TEAM',
      supportTier: 'L2',
      services: ['checkout', 'cart'],
      description: 'Owns the checkout path',
      version: 1,
      members: [],
    });
    expect(await api.ok(technician, groupQuery, { id: created.id })).toEqual(created);

    const updated = await api.ok<Group>(comms, updateGroup, {
      id: created.id,
      expectedVersion: 1,
      input: { name: 'Checkout SRE (London)', kind: 'TECHNICAL_TEAM', supportTier: 'L3', services: [] },
    });
    expect(updated).toMatchObject({
      name: 'Checkout SRE (London)',
      supportTier: 'L3',
      services: [],
      version: 2,
    });
    expect(updated.description).toBeNull();

    // A second editor who read version 1 is refused, and the group keeps the first edit.
    expect(
      await api.errorCode(mim, updateGroup, { id: created.id, expectedVersion: 1, input: groupInput() }),
    ).toBe('CONFLICT');
    expect(await api.ok(technician, groupQuery, { id: created.id })).toMatchObject({
      version: 2,
      supportTier: 'L3',
    });

    expect(await api.ok(comms, deleteGroup, { id: created.id })).toBe(created.id);
    expect(await api.ok(technician, groupQuery, { id: created.id })).toBeNull();
    expect(await api.errorCode(comms, deleteGroup, { id: created.id })).toBe('NOT_FOUND');
    expect(
      await api.errorCode(comms, updateGroup, { id: 'nope', expectedVersion: 1, input: groupInput() }),
    ).toBe('NOT_FOUND');
    expect(await api.ok(technician, groupQuery, { id: 'not-a-uuid' })).toBeNull();
  });

  it('refuses a second group of the same name, whatever its case, with NAME_TAKEN', async () => {
    const name = unique('Service Desk');
    const first = await api.ok<Group>(comms, createGroup, { input: groupInput({ name }) });
    const other = await api.ok<Group>(comms, createGroup, { input: groupInput() });
    const response = await api.call(comms, createGroup, { input: groupInput({ name: name.toUpperCase() }) });
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'NAME_TAKEN', name: name.toUpperCase() });
    expect(
      await api.errorCode(comms, updateGroup, {
        id: other.id,
        expectedVersion: 1,
        input: groupInput({ name }),
      }),
    ).toBe('NAME_TAKEN');
    // Renaming a group to its own name in another case is not a clash with itself.
    expect(
      await api.ok<Group>(comms, updateGroup, {
        id: first.id,
        expectedVersion: 1,
        input: groupInput({ name: name.toLowerCase() }),
      }),
    ).toMatchObject({ name: name.toLowerCase(), version: 2 });
  });

  it('validates groups (BAD_USER_INPUT, nothing created)', async () => {
    const before = await groupCount();
    const invalid = [
      groupInput({ name: '   ' }),
      groupInput({ name: 'x'.repeat(101) }),
      groupInput({ kind: 'MANAGEMENT', supportTier: 'L1' }),
      groupInput({ services: ['checkout', '  '] }),
      groupInput({ description: 'a\u0000b' }),
    ];
    for (const input of invalid) {
      const response = await api.call(comms, createGroup, { input });
      expect({ input, code: response.errors?.[0]?.extensions?.code }).toEqual({
        input,
        code: 'BAD_USER_INPUT',
      });
    }
    const tier = await api.call(comms, createGroup, {
      input: groupInput({ kind: 'USERS', supportTier: 'L1' }),
    });
    expect(tier.errors?.[0]?.extensions?.fields).toEqual([
      { path: 'supportTier', message: 'only a TECHNICAL_TEAM group has a support tier' },
    ]);
    expect(await groupCount()).toBe(before);
  });

  it('lets staff read the directory, the directory managers change it, and refuses others with FORBIDDEN', async () => {
    const input = () => groupInput({ kind: 'KEY_STAKEHOLDERS', supportTier: null });
    const made: string[] = [];
    for (const manager of [comms, admin, mim]) {
      made.push((await api.ok<Group>(manager, createGroup, { input: input() })).id);
    }
    for (const refused of [technician, teamMember, endUser]) {
      expect(await api.errorCode(refused, createGroup, { input: input() })).toBe('FORBIDDEN');
      expect(
        await api.errorCode(refused, saveStakeholder, { input: { userId: 'x', name: 'X', email: null } }),
      ).toBe('FORBIDDEN');
    }
    const some = await api.ok<Group>(comms, createGroup, { input: input() });
    expect(
      await api.errorCode(endUser, updateGroup, { id: some.id, expectedVersion: 1, input: input() }),
    ).toBe('FORBIDDEN');
    expect(await api.errorCode(endUser, deleteGroup, { id: some.id })).toBe('FORBIDDEN');
    expect(await api.errorCode(endUser, addMembers, { groupId: some.id, userIds: ['x'] })).toBe('FORBIDDEN');
    expect(await api.errorCode(endUser, removeMember, { groupId: some.id, userId: 'x' })).toBe('FORBIDDEN');
    expect(await api.errorCode(endUser, groupsQuery)).toBe('FORBIDDEN');
    expect(await api.errorCode(endUser, groupQuery, { id: some.id })).toBe('FORBIDDEN');

    const keyStakeholders = await api.ok<Array<{ id: string; kind: string }>>(technician, groupsQuery, {
      kind: 'KEY_STAKEHOLDERS',
    });
    expect(keyStakeholders.map((group) => group.id)).toEqual(expect.arrayContaining([...made, some.id]));
    expect(new Set(keyStakeholders.map((group) => group.kind))).toEqual(new Set(['KEY_STAKEHOLDERS']));
  });

  it('keeps people by user id, and adds and removes members (unknown people: UNKNOWN_STAKEHOLDERS, nothing added)', async () => {
    const saved = await api.ok(comms, saveStakeholder, {
      input: { userId: 'ceo-1', name: 'Chris CEO', email: ' chris@example.com ', language: 'EN' },
    });
    expect(saved).toMatchObject({
      userId: 'ceo-1',
      name: 'Chris CEO',
      email: 'chris@example.com',
      language: 'EN',
    });
    // Upsert by user id: the language is kept when omitted, the email replaced (null clears it).
    expect(
      await api.ok(mim, saveStakeholder, { input: { userId: 'ceo-1', name: 'Chris C.', email: null } }),
    ).toMatchObject({ userId: 'ceo-1', name: 'Chris C.', email: null, language: 'EN' });
    // A new person without a language gets NOTIFICATION_DEFAULT_LANGUAGE (fr in this test).
    expect(
      await api.ok(comms, saveStakeholder, { input: { userId: 'cio-1', name: 'Dana CIO' } }),
    ).toMatchObject({
      email: null,
      language: 'FR',
    });
    for (const input of [
      { userId: 'ceo-1', name: 'Chris', email: 'not-an-email' },
      { userId: ' ', name: 'Chris' },
      { userId: 'ceo-1', name: '' },
    ]) {
      expect({ input, code: await api.errorCode(comms, saveStakeholder, { input }) }).toEqual({
        input,
        code: 'BAD_USER_INPUT',
      });
    }

    const board = await api.ok<Group>(comms, createGroup, {
      input: { name: unique('Board'), kind: 'MANAGEMENT', services: [] },
    });
    const refused = await api.call(comms, addMembers, {
      groupId: board.id,
      userIds: ['ceo-1', 'ghost-1', 'ghost-2'],
    });
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'UNKNOWN_STAKEHOLDERS',
      userIds: ['ghost-1', 'ghost-2'],
    });
    expect(await api.ok(technician, groupQuery, { id: board.id })).toMatchObject({ members: [] });

    const added = await api.ok<Group>(comms, addMembers, {
      groupId: board.id,
      userIds: ['cio-1', 'ceo-1', 'cio-1'],
    });
    expect(added.members).toEqual([
      { userId: 'ceo-1', name: 'Chris C.' },
      { userId: 'cio-1', name: 'Dana CIO' },
    ]);
    // Adding again changes nothing.
    expect(
      (await api.ok<Group>(mim, addMembers, { groupId: board.id, userIds: ['ceo-1'] })).members,
    ).toHaveLength(2);
    expect(await api.ok(technician, stakeholderQuery, { userId: 'ceo-1' })).toMatchObject({
      groups: [{ name: board.name }],
      subscribedServices: [],
    });

    expect(await api.ok(comms, removeMember, { groupId: board.id, userId: 'ceo-1' })).toEqual({
      id: board.id,
      members: [{ userId: 'cio-1' }],
    });
    expect(await api.ok(comms, removeMember, { groupId: board.id, userId: 'ceo-1' })).toEqual({
      id: board.id,
      members: [{ userId: 'cio-1' }],
    });
    expect(await api.errorCode(comms, addMembers, { groupId: board.id, userIds: [] })).toBe('BAD_USER_INPUT');
    expect(
      await api.errorCode(comms, addMembers, {
        groupId: '00000000-0000-4000-8000-000000000000',
        userIds: ['ceo-1'],
      }),
    ).toBe('NOT_FOUND');

    // Deleting the group keeps the people.
    await api.ok(comms, deleteGroup, { id: board.id });
    expect(await api.ok(technician, stakeholderQuery, { userId: 'cio-1' })).toMatchObject({ groups: [] });
  });

  it('lets anyone subscribe to the services they use, from their token, and unsubscribe', async () => {
    const eve = await tokenFor('eve', ['end_user'], { name: 'Eve Example', email: 'eve@example.com' });
    const frank = await tokenFor('frank', ['end_user'], { name: 'Frank' });

    expect(await api.ok(eve, subscribe, { services: ['  checkout ', 'payroll', 'checkout'] })).toEqual({
      userId: 'eve',
      name: 'Eve Example',
      email: 'eve@example.com',
      language: 'FR',
      subscribedServices: ['checkout', 'payroll'],
    });
    expect(await api.ok(eve, subscribe, { services: ['vpn'], language: 'EN' })).toMatchObject({
      language: 'EN',
      subscribedServices: ['checkout', 'payroll', 'vpn'],
    });
    expect(await api.ok(eve, mySubscriptions)).toEqual(['checkout', 'payroll', 'vpn']);
    expect(await api.ok(eve, unsubscribe, { services: ['payroll', 'never-subscribed'] })).toEqual([
      'checkout',
      'vpn',
    ]);

    // Their own record is theirs to read; someone else's is not (null, as for no record).
    expect(await api.ok(eve, stakeholderQuery, { userId: 'eve' })).toMatchObject({
      subscribedServices: ['checkout', 'vpn'],
    });
    expect(await api.ok(frank, stakeholderQuery, { userId: 'eve' })).toBeNull();
    expect(await api.ok(technician, stakeholderQuery, { userId: 'eve' })).toMatchObject({
      name: 'Eve Example',
    });

    // Nobody else's subscriptions change; a caller with none gets none.
    expect(await api.ok(frank, mySubscriptions)).toEqual([]);
    expect(await api.ok(frank, unsubscribe, { services: ['checkout'] })).toEqual([]);
    expect(await api.ok(eve, mySubscriptions)).toEqual(['checkout', 'vpn']);

    // An address a manager recorded survives a token without one.
    await api.ok(comms, saveStakeholder, {
      input: { userId: 'frank', name: 'Frank F.', email: 'frank@example.com' },
    });
    expect(await api.ok(frank, subscribe, { services: ['vpn'] })).toMatchObject({
      name: 'Frank',
      email: 'frank@example.com',
    });

    for (const services of [[], ['  '], ['x'.repeat(101)]]) {
      expect({ services, code: await api.errorCode(eve, subscribe, { services }) }).toEqual({
        services,
        code: 'BAD_USER_INPUT',
      });
    }
    expect(await api.errorCode(eve, unsubscribe, { services: [] })).toBe('BAD_USER_INPUT');
    expect(await api.ok(eve, mySubscriptions)).toEqual(['checkout', 'vpn']);
  });

  it('resolves nested members, groups and subscriptions', async () => {
    const users = await api.ok<Group>(comms, createGroup, {
      input: { name: unique('Shop users'), kind: 'USERS', services: ['checkout'] },
    });
    await api.ok(comms, saveStakeholder, { input: { userId: 'gil', name: 'Gil', email: 'gil@example.com' } });
    await api.ok(comms, addMembers, { groupId: users.id, userIds: ['gil'] });
    const gil = await tokenFor('gil', ['end_user'], { name: 'Gil' });
    await api.ok(gil, subscribe, { services: ['checkout'] });

    const groups = await api.ok<
      Array<{
        id: string;
        members: Array<{ userId: string; groups: Array<{ id: string }>; subscribedServices: string[] }>;
      }>
    >(
      technician,
      `query { stakeholderGroups(kind: USERS) { id members { userId groups { id } subscribedServices } } }`,
    );
    expect(groups.find((group) => group.id === users.id)).toEqual({
      id: users.id,
      members: [{ userId: 'gil', groups: [{ id: users.id }], subscribedServices: ['checkout'] }],
    });
  });
});
