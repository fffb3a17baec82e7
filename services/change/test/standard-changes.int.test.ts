import { randomUUID } from 'node:crypto';
import { type Change, ChangeHarness, changeInput, operations, uniqueService, window } from './change-harness';

interface Template {
  id: string;
  name: string;
  risk: string;
  impact: string;
  version: number;
  retiredAt: string | null;
  testPlan?: string | null;
}

const templateInput = (name: string) => ({
  name,
  description: 'Replace a certificate before it expires',
  implementationPlan: 'Upload the new certificate, switch the listener',
  rollbackPlan: 'Switch the listener back to the previous certificate',
  testPlan: 'openssl s_client shows the new expiry',
  risk: 'LOW',
});

/** The standard change catalogue through HTTP, and standard changes approved on submission. */
describe('standard changes (real PostgreSQL and NATS)', () => {
  let harness: ChangeHarness;
  let changeManager: string;
  let tech: string;
  let admin: string;

  beforeAll(async () => {
    harness = await ChangeHarness.start();
    changeManager = await harness.token('cm-1', ['change_manager']);
    tech = await harness.token('tech-1', ['technical_staff']);
    admin = await harness.token('root', ['admin']);
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('lets change managers (and admins) manage templates; names are unique among active ones', async () => {
    const before = await harness.snapshot();
    expect(
      (await harness.error(tech, operations.createTemplate, { input: templateInput('Rotate keys') })).code,
    ).toBe('FORBIDDEN');
    expect(
      (
        await harness.error(changeManager, operations.createTemplate, {
          input: { ...templateInput('x'), risk: 'NONE' },
        })
      ).code,
    ).toBe('BAD_USER_INPUT');
    expect(await harness.snapshot()).toEqual(before);

    const template = await harness.ok<Template>(changeManager, operations.createTemplate, {
      input: templateInput('Rotate API keys'),
    });
    expect(template).toMatchObject({
      name: 'Rotate API keys',
      risk: 'LOW',
      impact: 'MINOR',
      version: 1,
      retiredAt: null,
    });
    const duplicate = await harness.error(admin, operations.createTemplate, {
      input: templateInput('rotate api KEYS'),
    });
    expect(duplicate).toMatchObject({
      code: 'BAD_USER_INPUT',
      extensions: expect.objectContaining({ fields: [{ path: 'name', message: 'already exists' }] }),
    });

    const updated = await harness.ok<Template>(admin, operations.updateTemplate, {
      input: { id: template.id, expectedVersion: 1, risk: 'MEDIUM', testPlan: null },
    });
    expect(updated).toMatchObject({ name: 'Rotate API keys', risk: 'MEDIUM', testPlan: null, version: 2 });
    expect(
      (
        await harness.error(changeManager, operations.updateTemplate, {
          input: { id: template.id, expectedVersion: 1, risk: 'LOW' },
        })
      ).code,
    ).toBe('CONFLICT');

    const listed = await harness.ok<Array<{ id: string }>>(tech, `{ standardChangeTemplates { id } }`);
    expect(listed.map((entry) => entry.id)).toContain(template.id);
  });

  it('refuses a STANDARD change without a template', async () => {
    const before = await harness.snapshot();
    const refused = await harness.error(tech, operations.create, {
      input: changeInput({ type: 'STANDARD' }),
    });
    expect(refused).toMatchObject({
      code: 'BAD_USER_INPUT',
      extensions: expect.objectContaining({ fields: [expect.objectContaining({ path: 'type' })] }),
    });
    expect(await harness.snapshot()).toEqual(before);
  });

  it('drafts a standard change from a template and approves it on submission, publishing both moves', async () => {
    const template = await harness.ok<Template>(changeManager, operations.createTemplate, {
      input: templateInput('Renew the edge certificate'),
    });
    const incidentId = randomUUID();
    const edge = uniqueService('edge');
    const draft = await harness.ok<Change>(tech, operations.createStandard, {
      input: {
        templateId: template.id,
        ...window(10),
        affectedServices: [edge],
        incidentLinks: [{ incidentId, relation: 'FIXES' }],
      },
    });
    expect(draft).toMatchObject({
      type: 'STANDARD',
      status: 'DRAFT',
      version: 1,
      title: 'Renew the edge certificate',
      description: 'Replace a certificate before it expires',
      implementationPlan: 'Upload the new certificate, switch the listener',
      rollbackPlan: 'Switch the listener back to the previous certificate',
      testPlan: 'openssl s_client shows the new expiry',
      risk: 'LOW',
      impact: 'MINOR',
      approvalQuorum: null,
      template: { id: template.id, name: 'Renew the edge certificate' },
    });

    const { changeRequest, conflicts } = await harness.submit(tech, draft);
    expect(changeRequest).toMatchObject({ status: 'APPROVED', version: 3, approvalQuorum: null });
    expect(conflicts).toEqual([]);
    expect(await harness.events(draft.id)).toEqual([
      expect.objectContaining({
        subject: 'change.requested.v1',
        version: 1,
        data: expect.objectContaining({ type: 'STANDARD' }),
      }),
      {
        subject: 'change.status_changed.v1',
        version: 2,
        actor: 'tech-1',
        data: expect.objectContaining({ from: 'DRAFT', to: 'SUBMITTED', fixesIncidentIds: [incidentId] }),
      },
      {
        subject: 'change.status_changed.v1',
        version: 3,
        actor: 'tech-1',
        data: expect.objectContaining({ from: 'SUBMITTED', to: 'APPROVED', fixesIncidentIds: [incidentId] }),
      },
    ]);
    // No approvals to take: it is pre-approved.
    expect(
      (
        await harness.error(changeManager, operations.vote, {
          input: { id: draft.id, expectedVersion: 3, decision: 'APPROVE' },
        })
      ).code,
    ).toBe('INVALID_TRANSITION');
    const scheduled = await harness.move(changeManager, changeRequest, 'SCHEDULED');
    expect((await harness.move(tech, scheduled, 'IMPLEMENTING')).status).toBe('IMPLEMENTING');
  });

  it('withdraws pre-approval when the template is retired: no new change, no submission of drafts', async () => {
    const template = await harness.ok<Template>(changeManager, operations.createTemplate, {
      input: templateInput('Add a disk to the mirror'),
    });
    const draft = await harness.ok<Change>(tech, operations.createStandard, {
      input: { templateId: template.id, title: 'Add a disk to db-3', ...window(20) },
    });
    expect(draft.title).toBe('Add a disk to db-3');

    const retired = await harness.ok<Template>(changeManager, operations.retireTemplate, {
      id: template.id,
      v: 1,
    });
    expect(retired).toMatchObject({ version: 2, retiredAt: expect.any(String) });
    expect(
      await harness.ok<Template>(changeManager, operations.retireTemplate, { id: template.id, v: 2 }),
    ).toEqual(retired);

    const before = await harness.snapshot(draft.id);
    const createRefused = await harness.error(tech, operations.createStandard, {
      input: { templateId: template.id, ...window(21) },
    });
    expect(createRefused).toMatchObject({
      code: 'BAD_USER_INPUT',
      extensions: expect.objectContaining({ fields: [{ path: 'templateId', message: 'is retired' }] }),
    });
    expect((await harness.error(tech, operations.submit, { id: draft.id, v: 1 })).code).toBe(
      'INVALID_TRANSITION',
    );
    expect(
      (
        await harness.error(changeManager, operations.updateTemplate, {
          input: { id: template.id, expectedVersion: 2, risk: 'HIGH' },
        })
      ).code,
    ).toBe('INVALID_TRANSITION');
    expect(await harness.snapshot(draft.id)).toEqual(before);
    expect(
      (
        await harness.error(tech, operations.createStandard, {
          input: { templateId: randomUUID(), ...window(22) },
        })
      ).code,
    ).toBe('NOT_FOUND');

    const catalogue = await harness.ok<Array<{ id: string }>>(tech, `{ standardChangeTemplates { id } }`);
    expect(catalogue.map((entry) => entry.id)).not.toContain(template.id);
    const everything = await harness.ok<Array<{ id: string }>>(
      tech,
      `{ standardChangeTemplates(includeRetired: true) { id } }`,
    );
    expect(everything.map((entry) => entry.id)).toContain(template.id);
  });
});
