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

interface Preview {
  subject: string;
  text: string;
  html: string;
}

const preview = `query Preview($template: NotificationTrigger!, $audience: NotificationAudience!, $language: Language!) {
  notificationPreview(template: $template, audience: $audience, language: $language) { subject text html }
}`;

describe('notification template preview (real PostgreSQL and NATS)', () => {
  let testService: TestService<NotificationEnv>;
  let api: Api;

  beforeAll(async () => {
    testService = await startTestService(notificationService, readEnv, {
      label: 'notification_preview',
      overrides: { SMTP_URL: 'smtp://127.0.0.1:9' },
    });
    api = new Api(testService.service);
  });
  afterAll(async () => {
    await testService?.stop();
  });

  it('renders a template for an audience in English and in French from the sample incident', async () => {
    const comms = await tokenFor('comms-1', ['communications_lead']);
    const en = await api.ok<Preview>(comms, preview, {
      template: 'MAJOR_DECLARED',
      audience: 'MANAGEMENT',
      language: 'EN',
    });
    expect(en.subject).toBe(
      '[Major incident] INC-000123 (P1): HTTP 502 errors worldwide: CPU exhaustion on the edge servers',
    );
    expect(en.text).toContain('INC-000123 was declared a major incident on 2 July 2019 at 13:50 UTC.');
    expect(en.text).toContain('Assignment group: SRE');
    expect(en.html).toMatch(/^<p>INC-000123 was declared/);

    const fr = await api.ok<Preview>(comms, preview, {
      template: 'MAJOR_DECLARED',
      audience: 'USERS',
      language: 'FR',
    });
    expect(fr.subject).toBe('Perturbation de service : CDN et WAF (INC-000123)');
    expect(fr.text).toContain('Nos équipes y travaillent en priorité depuis le 2 juillet 2019 à 13:50 UTC.');
    expect(fr.text).not.toContain('SRE');
    expect(fr.html).toContain('>Ouvrir INC-000123</a></p>');
  });

  it('is for staff only (FORBIDDEN otherwise), and validates its arguments', async () => {
    const endUser = await tokenFor('user-1', ['end_user']);
    const technician = await tokenFor('tech-1', ['service_desk_technician']);
    expect(
      await api.errorCode(endUser, preview, {
        template: 'INCIDENT_CREATED',
        audience: 'REPORTER',
        language: 'EN',
      }),
    ).toBe('FORBIDDEN');
    expect(
      await api.ok<Preview>(technician, preview, {
        template: 'INCIDENT_RESOLVED',
        audience: 'REPORTER',
        language: 'EN',
      }),
    ).toMatchObject({ subject: 'Your incident INC-000123 is resolved' });
    expect(
      await api.errorCode(technician, preview, { template: 'NOPE', audience: 'REPORTER', language: 'EN' }),
    ).toBe('BAD_USER_INPUT');
  });
});
