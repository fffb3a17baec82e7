import {
  reviseTemplate,
  retireTemplate,
  standardChangeFrom,
  type TemplateState,
} from './standard-change-template.domain';

const code = (value: string) => expect.objectContaining({ code: value });
const template: TemplateState = {
  id: 'tpl-1',
  name: 'Renew a TLS certificate',
  description: 'Replace an expiring certificate on the edge',
  implementationPlan: 'Upload, then switch the listener',
  rollbackPlan: 'Switch back to the previous certificate',
  testPlan: 'curl -v the endpoint',
  risk: 'LOW',
  impact: 'MINOR',
  version: 2,
  retiredAt: null,
};
const request = {
  title: null,
  description: null,
  plannedStart: new Date('2026-04-01T22:00:00Z'),
  plannedEnd: new Date('2026-04-01T22:30:00Z'),
  affectedServices: ['edge'],
  configurationItems: ['lb-1'],
  incidentLinks: [],
  problemIds: [],
};
const tech = { subject: 'tech', roles: ['technical_staff' as const] };

describe('standard change templates', () => {
  it('drafts a STANDARD change with the template plans, risk and impact, defaulting title and description', () => {
    expect(standardChangeFrom(tech, template, request)).toMatchObject({
      type: 'STANDARD',
      status: 'DRAFT',
      templateId: 'tpl-1',
      title: 'Renew a TLS certificate',
      description: 'Replace an expiring certificate on the edge',
      implementationPlan: 'Upload, then switch the listener',
      rollbackPlan: 'Switch back to the previous certificate',
      testPlan: 'curl -v the endpoint',
      risk: 'LOW',
      impact: 'MINOR',
      requestedById: 'tech',
      affectedServices: ['edge'],
    });
    expect(standardChangeFrom(tech, template, { ...request, title: 'Renew api.example.com' }).title).toBe(
      'Renew api.example.com',
    );
  });

  it('refuses a retired template, and an empty window', () => {
    expect(() => standardChangeFrom(tech, { ...template, retiredAt: new Date() }, request)).toThrow(
      code('BAD_USER_INPUT'),
    );
    expect(() =>
      standardChangeFrom(tech, template, { ...request, plannedEnd: request.plannedStart }),
    ).toThrow(code('BAD_USER_INPUT'));
  });

  it('revises the fields given under the expected version; a retired template stays as it was', () => {
    expect(reviseTemplate(template, 2, { risk: 'MEDIUM', name: undefined })).toMatchObject({
      risk: 'MEDIUM',
      name: 'Renew a TLS certificate',
      version: 3,
    });
    expect(() => reviseTemplate(template, 1, { risk: 'MEDIUM' })).toThrow(code('CONFLICT'));
    expect(() => reviseTemplate({ ...template, retiredAt: new Date() }, 2, { risk: 'HIGH' })).toThrow(
      code('INVALID_TRANSITION'),
    );
  });

  it('retires once: a second retirement changes nothing', () => {
    const when = new Date('2026-05-01T00:00:00Z');
    const retired = retireTemplate(template, 2, when);
    expect(retired).toMatchObject({ retiredAt: when, version: 3 });
    expect(retireTemplate(retired, 3, new Date())).toBe(retired);
    expect(() => retireTemplate(template, 1, when)).toThrow(code('CONFLICT'));
  });
});
