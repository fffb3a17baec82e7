import 'reflect-metadata';
import type { RunningService } from '@mim/service-kit';
import { ServiceCaller, type TestService, startTestService, tokenFor } from '@mim/testing';
import type { DataSource } from 'typeorm';
import { type NotificationEnv, readEnv } from '../src/env';
import { defaultNotificationRules } from '../src/migrations/1763800000440-default-notification-rules';
import { ruleMatches } from '../src/modules/rule/rule.domain';
import { RuleService } from '../src/modules/rule/rule.service';
import { notificationService } from '../src/service-definition';

class Api extends ServiceCaller {
  constructor(private readonly service: RunningService) {
    super();
  }
  protected get url() {
    return this.service.url;
  }
}

interface Rule {
  id: string;
  name: string;
  trigger: string;
  priorities: string[];
  majorOnly: boolean;
  services: string[];
  categories: string[];
  audiences: string[];
  channels: string[];
  template: string;
  enabled: boolean;
  version: number;
}

const ruleFields = `id name trigger priorities majorOnly services categories audiences channels template enabled version`;
const rulesQuery = `query Rules($trigger: NotificationTrigger) { notificationRules(trigger: $trigger) { ${ruleFields} } }`;
const createRule = `mutation Create($input: NotificationRuleInput!) { createNotificationRule(input: $input) { ${ruleFields} } }`;
const updateRule = `mutation Update($id: ID!, $expectedVersion: Int!, $input: NotificationRuleInput!) {
  updateNotificationRule(id: $id, expectedVersion: $expectedVersion, input: $input) { ${ruleFields} }
}`;
const deleteRule = `mutation Delete($id: ID!) { deleteNotificationRule(id: $id) }`;

describe('notification rules (real PostgreSQL and NATS)', () => {
  let testService: TestService<NotificationEnv>;
  let api: Api;
  let db: DataSource;
  let comms: string;
  let admin: string;
  let mim: string;
  let technician: string;
  let endUser: string;
  let sequence = 0;

  beforeAll(async () => {
    testService = await startTestService(notificationService, readEnv, {
      label: 'notification_rules',
      overrides: { SMTP_URL: 'smtp://127.0.0.1:9' },
    });
    api = new Api(testService.service);
    db = testService.service.deps.dataSource;
    [comms, admin, mim, technician, endUser] = await Promise.all([
      tokenFor('comms-1', ['communications_lead']),
      tokenFor('admin-1', ['admin']),
      tokenFor('mim-1', ['major_incident_manager']),
      tokenFor('tech-1', ['service_desk_technician']),
      tokenFor('user-1', ['end_user']),
    ]);
  });
  afterAll(async () => {
    await testService?.stop();
  });

  const ruleInput = (overrides: Record<string, unknown> = {}) => ({
    name: `Rule ${++sequence}`,
    trigger: 'MAJOR_DECLARED',
    priorities: ['P1', 'P2'],
    services: ['checkout'],
    categories: ['network'],
    audiences: ['KEY_STAKEHOLDERS'],
    channels: ['EMAIL', 'WEBHOOK'],
    ...overrides,
  });
  const ruleCount = async () => (await api.ok<Rule[]>(technician, rulesQuery)).length;

  it('has the default rules of DOMAIN.md after the migrations, with fixed ids, each with its own template', async () => {
    const rules = await api.ok<Rule[]>(technician, rulesQuery);
    const byId = new Map(rules.map((rule) => [rule.id, rule]));
    const summary = defaultNotificationRules.map((seeded) => {
      const rule = byId.get(seeded.id);
      return (
        rule &&
        `${rule.trigger}${rule.majorOnly ? ' (major)' : ''} -> ${rule.audiences.join('+')} via ${rule.channels.join('+')}`
      );
    });
    expect(summary).toEqual([
      'INCIDENT_CREATED -> REPORTER via IN_APP',
      'MAJOR_DECLARED -> TECHNICAL_TEAM via IN_APP+EMAIL+WEBHOOK',
      'MAJOR_DECLARED -> MANAGEMENT via IN_APP+EMAIL',
      'MAJOR_DECLARED -> USERS via IN_APP+EMAIL',
      'STATUS_UPDATE_PUBLISHED -> TECHNICAL_TEAM+MANAGEMENT+KEY_STAKEHOLDERS+USERS via IN_APP+EMAIL+WEBHOOK',
      'INCIDENT_RESOLVED (major) -> MANAGEMENT via IN_APP+EMAIL',
      'INCIDENT_RESOLVED -> REPORTER via IN_APP',
      'SERVICE_RESTORED -> USERS via IN_APP+EMAIL',
      'INCIDENT_RESOLVED (major) -> USERS via IN_APP+EMAIL',
      'RESPONSE_OVERDUE -> NEXT_TIER via IN_APP+EMAIL+WEBHOOK',
      'ESCALATED_TO_MANAGER -> MANAGEMENT via IN_APP+EMAIL',
      'STATUS_UPDATE_OVERDUE -> MAJOR_INCIDENT_MANAGER+COMMUNICATIONS_LEAD via IN_APP+EMAIL',
    ]);
    expect(defaultNotificationRules[0]?.id).toBe('d5f0c0de-0000-4000-8000-000000000001');
    for (const seeded of defaultNotificationRules) {
      expect(byId.get(seeded.id)).toMatchObject({
        template: seeded.trigger,
        enabled: true,
        priorities: [],
        services: [],
        categories: [],
        version: 1,
      });
    }
  });

  it('creates, lists by trigger, updates with optimistic concurrency, disables and deletes a rule', async () => {
    const created = await api.ok<Rule>(comms, createRule, {
      input: ruleInput({ name: ' Key stakeholders: checkout ' }),
    });
    expect(created).toMatchObject({
      name: 'Key stakeholders: checkout',
      trigger: 'MAJOR_DECLARED',
      priorities: ['P1', 'P2'],
      majorOnly: false,
      services: ['checkout'],
      categories: ['network'],
      audiences: ['KEY_STAKEHOLDERS'],
      channels: ['EMAIL', 'WEBHOOK'],
      template: 'MAJOR_DECLARED',
      enabled: true,
      version: 1,
    });
    const declared = await api.ok<Rule[]>(technician, rulesQuery, { trigger: 'MAJOR_DECLARED' });
    expect(declared.map((rule) => rule.id)).toContain(created.id);
    expect(new Set(declared.map((rule) => rule.trigger))).toEqual(new Set(['MAJOR_DECLARED']));

    const updated = await api.ok<Rule>(admin, updateRule, {
      id: created.id,
      expectedVersion: 1,
      input: ruleInput({ name: created.name, priorities: [], majorOnly: true, enabled: false }),
    });
    expect(updated).toMatchObject({ priorities: [], majorOnly: true, enabled: false, version: 2 });
    expect(
      await api.errorCode(comms, updateRule, { id: created.id, expectedVersion: 1, input: ruleInput() }),
    ).toBe('CONFLICT');

    expect(await api.ok(comms, deleteRule, { id: created.id })).toBe(created.id);
    expect(await api.errorCode(comms, deleteRule, { id: created.id })).toBe('NOT_FOUND');
    expect(
      await api.errorCode(comms, updateRule, { id: created.id, expectedVersion: 2, input: ruleInput() }),
    ).toBe('NOT_FOUND');
  });

  it('refuses a name already taken (case-insensitively) with NAME_TAKEN', async () => {
    const response = await api.call(comms, createRule, {
      input: ruleInput({ name: 'REPORTER: REPORT RECEIVED' }),
    });
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'NAME_TAKEN' });
    const mine = await api.ok<Rule>(comms, createRule, { input: ruleInput() });
    expect(
      await api.errorCode(comms, updateRule, {
        id: mine.id,
        expectedVersion: 1,
        input: ruleInput({ name: 'users: service restored' }),
      }),
    ).toBe('NAME_TAKEN');
  });

  it('validates rules (BAD_USER_INPUT with the fields, nothing created)', async () => {
    const before = await ruleCount();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ audiences: [] }, 'audiences'],
      [{ channels: [] }, 'channels'],
      [{ name: '  ' }, 'name'],
      [{ audiences: ['NEXT_TIER'] }, 'audiences'],
      [{ audiences: ['REPORTER'], channels: ['WEBHOOK'] }, 'channels'],
      [{ template: 'STATUS_UPDATE_OVERDUE' }, 'template'],
      [{ services: [''] }, 'services.0'],
    ];
    for (const [overrides, path] of cases) {
      const response = await api.call(comms, createRule, { input: ruleInput(overrides) });
      expect({ overrides, extensions: response.errors?.[0]?.extensions }).toMatchObject({
        overrides,
        extensions: { code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ path })] },
      });
    }
    // Not a priority at all: refused by the schema before the service sees it.
    const badPriority = await api.call(comms, createRule, { input: ruleInput({ priorities: ['P9'] }) });
    expect(badPriority.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await ruleCount()).toBe(before);
  });

  it('lets staff read rules, admins and communications leads change them, and refuses others with FORBIDDEN', async () => {
    expect(await api.errorCode(endUser, rulesQuery)).toBe('FORBIDDEN');
    for (const refused of [endUser, technician, mim]) {
      expect(await api.errorCode(refused, createRule, { input: ruleInput() })).toBe('FORBIDDEN');
    }
    const [first] = defaultNotificationRules;
    expect(
      await api.errorCode(mim, updateRule, { id: first!.id, expectedVersion: 1, input: ruleInput() }),
    ).toBe('FORBIDDEN');
    expect(await api.errorCode(endUser, deleteRule, { id: first!.id })).toBe('FORBIDDEN');
    expect(await api.ok<Rule[]>(mim, rulesQuery, { trigger: 'INCIDENT_CREATED' })).toHaveLength(1);
  });

  it("gives the planner a trigger's enabled rules, oldest first, for ruleMatches to filter", async () => {
    const trigger = 'ESCALATED_TO_MANAGER';
    const p1Only = await api.ok<Rule>(comms, createRule, {
      input: ruleInput({ trigger, priorities: ['P1'], services: [], categories: [], channels: ['IN_APP'] }),
    });
    const disabled = await api.ok<Rule>(comms, createRule, {
      input: ruleInput({ trigger, enabled: false, channels: ['IN_APP'] }),
    });
    const rules = await new RuleService(db).enabledRulesFor(db.manager, trigger);
    const ids = rules.map((rule) => rule.id);
    expect(ids).toEqual([defaultNotificationRules[10]!.id, p1Only.id]);
    expect(ids).not.toContain(disabled.id);

    const incident = { priority: 'P3', major: false, services: ['checkout'], category: 'network' };
    expect(rules.filter((rule) => ruleMatches(rule, incident)).map((rule) => rule.id)).toEqual([
      defaultNotificationRules[10]!.id,
    ]);
    expect(
      rules.filter((rule) => ruleMatches(rule, { ...incident, priority: 'P1' })).map((rule) => rule.id),
    ).toEqual([defaultNotificationRules[10]!.id, p1Only.id]);
  });
});
