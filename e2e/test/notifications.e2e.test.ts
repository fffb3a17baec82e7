import { createHmac } from 'node:crypto';
import {
  type ReceivedWebhook,
  type SmtpSink,
  type WebhookReceiver,
  eventually,
  graphqlRequest,
  startSmtpSink,
  startWebhookReceiver,
  tokenFor,
  webhookResponders,
} from '@mim/testing';
import { type Stack, startStack } from './stack';

/**
 * Issue 7 through the gateway: stakeholders set up through the API, a major incident declared, and each
 * audience told once on each of its channels — emails caught by a real SMTP server in its own process,
 * webhooks by a real HTTP receiver — with the delivery log to show it.
 */
describe('stakeholders informed automatically, through the gateway', () => {
  let stack: Stack;
  let smtp: SmtpSink;
  let slack: WebhookReceiver;
  let pager: WebhookReceiver;
  let commsLead: string;
  let manager: string;
  let technician: string;
  let shopper: string;
  let slackSecret: string;
  let pagerSecret: string;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    slack = await startWebhookReceiver();
    // The NOC pager's receiver fails twice per call before it accepts.
    pager = await startWebhookReceiver({ respond: webhookResponders.failFirstPerDelivery(2, 503) });
    stack = await startStack({
      notificationEnv: {
        SMTP_URL: smtp.url,
        NOTIFICATION_RETRY_BASE_MS: '50',
        NOTIFICATION_RETRY_MAX_MS: '200',
        NOTIFICATION_MAX_ATTEMPTS: '4',
      },
    });
    commsLead = await tokenFor('cl-1', ['communications_lead'], { name: 'Chris Lead' });
    manager = await tokenFor('mim-1', ['major_incident_manager'], { name: 'Mia Manager' });
    technician = await tokenFor('tech-1', ['service_desk_technician'], { name: 'Tess Tech' });
    shopper = await tokenFor('shopper-1', ['end_user'], { name: 'Sam Shopper', email: 'sam@example.com' });
    ({ slackSecret, pagerSecret } = await setUpStakeholders());
  });
  afterAll(async () => {
    await stack?.stop();
    await slack?.stop();
    await pager?.stop();
    await smtp?.stop();
  });

  async function call<T>(token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await graphqlRequest<T>(stack.gatewayUrl, query, { token, variables });
    expect(response.errors).toBeUndefined();
    return response.data!;
  }

  /** What an administrator and a user do before any incident: groups, people, webhooks, a subscription. */
  async function setUpStakeholders() {
    const group = async (input: Record<string, unknown>) =>
      (
        await call<{ createStakeholderGroup: { id: string } }>(
          commsLead,
          `mutation($input: StakeholderGroupInput!) { createStakeholderGroup(input: $input) { id } }`,
          { input },
        )
      ).createStakeholderGroup.id;
    const sre = await group({
      name: 'Checkout SRE',
      kind: 'TECHNICAL_TEAM',
      supportTier: 'L2',
      services: ['checkout'],
    });
    const board = await group({ name: 'Executive board', kind: 'MANAGEMENT' });
    const noc = await group({ name: 'NOC on call', kind: 'TECHNICAL_TEAM', supportTier: 'L1' });
    for (const person of [
      { userId: 'sre-1', name: 'Sofia SRE', email: 'sofia@example.com', language: 'EN' },
      { userId: 'cio-1', name: 'Claire DSI', email: 'claire@example.fr', language: 'FR' },
    ]) {
      await call(
        commsLead,
        `mutation($input: SaveStakeholderInput!) { saveStakeholder(input: $input) { id } }`,
        {
          input: person,
        },
      );
    }
    const members = `mutation($groupId: ID!, $userIds: [ID!]!) { addStakeholderGroupMembers(groupId: $groupId, userIds: $userIds) { id } }`;
    await call(commsLead, members, { groupId: sre, userIds: ['sre-1'] });
    await call(commsLead, members, { groupId: board, userIds: ['cio-1'] });
    const endpoint = async (groupId: string, name: string, url: string, format: string) =>
      (
        await call<{ createWebhookEndpoint: { signingSecret: string } }>(
          commsLead,
          `mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { signingSecret } }`,
          { input: { groupId, name, url, format } },
        )
      ).createWebhookEndpoint.signingSecret;
    const slackSecret = await endpoint(sre, '#checkout-incidents', slack.url, 'SLACK');
    const pagerSecret = await endpoint(noc, 'NOC pager', pager.url, 'GENERIC');
    // A user of the checkout service asks to hear when it is impacted (self-service, from the token).
    await call(shopper, `mutation { subscribeToServices(services: ["checkout"], language: EN) { id } }`);
    return { slackSecret, pagerSecret };
  }

  const verifies = (request: ReceivedWebhook, secret: string) => {
    const timestamp = String(request.headers['x-mim-timestamp']);
    const expected = createHmac('sha256', secret)
      .update(`${timestamp}.`)
      .update(request.rawBody)
      .digest('hex');
    return request.headers['x-mim-signature'] === `v1=${expected}`;
  };

  it('tells every audience of a major incident declaration once, on each of its channels', async () => {
    const { createIncident: incident } = await call<{
      createIncident: { id: string; number: string; version: number };
    }>(
      technician,
      `mutation($input: CreateIncidentInput!) { createIncident(input: $input) { id number version } }`,
      {
        input: {
          title: 'Checkout returns HTTP 502',
          description: 'Every payment fails',
          channel: 'MONITORING',
          impact: 'EXTENSIVE',
          urgency: 'CRITICAL',
          affectedServices: ['checkout'],
        },
      },
    );
    await call(
      manager,
      `mutation($input: DeclareMajorIncidentInput!) { declareMajorIncident(input: $input) { version } }`,
      { input: { id: incident.id, expectedVersion: incident.version, impactStatement: 'Nobody can pay' } },
    );

    // Email: the SRE, the CIO (in French) and the subscribed user; each once.
    const emails = await smtp.waitForMessages(3);
    const byAddress = new Map(emails.map((email) => [email.envelope.to.join(','), email]));
    expect([...byAddress.keys()].sort()).toEqual([
      'claire@example.fr',
      'sam@example.com',
      'sofia@example.com',
    ]);
    for (const email of emails) {
      expect(email.subject).toContain(incident.number);
      expect(email.headers['x-mim-delivery-id']).toEqual(expect.any(String));
    }
    expect(byAddress.get('claire@example.fr')?.subject).not.toBe(byAddress.get('sofia@example.com')?.subject);
    expect(byAddress.get('claire@example.fr')?.text).toMatch(/incident majeur/i);

    // Webhooks: one Slack call for the SRE team; the NOC's pager (every service), after two refusals, once.
    const [slackCall] = await slack.waitForRequests(1);
    expect(verifies(slackCall!, slackSecret)).toBe(true);
    expect(JSON.parse(slackCall!.rawBody.toString('utf8'))).toMatchObject({
      text: expect.stringContaining(incident.number),
    });
    await eventually(() => {
      const accepted = pager.requests().filter((request) => request.status === 204 || request.status === 200);
      expect(accepted).toHaveLength(1);
      expect(verifies(accepted[0]!, pagerSecret)).toBe(true);
    });
    expect(pager.requests()).toHaveLength(3);

    // In-app: each person's inbox, one notification about this incident.
    const inbox = async (token: string) =>
      (
        await call<{ myNotifications: Array<{ incident: { id: string } | null; channel: string }> }>(
          token,
          `{ myNotifications { channel incident { id } } }`,
        )
      ).myNotifications.filter((item) => item.incident?.id === incident.id);
    await eventually(async () => expect(await inbox(shopper)).toHaveLength(1));

    // The delivery log, through federation: who was told what, how, with status and attempts.
    const log = await eventually(async () => {
      const { incident: logged } = await call<{
        incident: {
          notifications: Array<{
            recipientName: string;
            channel: string;
            status: string;
            attempts: number;
            audience: string;
          }>;
        };
      }>(
        manager,
        `query($id: ID!) { incident(id: $id) { notifications { recipientName channel status attempts audience } } }`,
        { id: incident.id },
      );
      const external = logged.notifications.filter((entry) => entry.channel !== 'IN_APP');
      expect(external.every((entry) => entry.status === 'SENT')).toBe(true);
      return logged.notifications;
    });
    const line = (entry: (typeof log)[number]) => `${entry.recipientName} ${entry.channel} ${entry.audience}`;
    expect(
      log
        .filter((entry) => entry.audience !== 'REPORTER')
        .map(line)
        .sort(),
    ).toEqual([
      '#checkout-incidents WEBHOOK TECHNICAL_TEAM',
      'Claire DSI EMAIL MANAGEMENT',
      'Claire DSI IN_APP MANAGEMENT',
      'NOC pager WEBHOOK TECHNICAL_TEAM',
      'Sam Shopper EMAIL USERS',
      'Sam Shopper IN_APP USERS',
      'Sofia SRE EMAIL TECHNICAL_TEAM',
      'Sofia SRE IN_APP TECHNICAL_TEAM',
    ]);
    expect(log.find((entry) => entry.recipientName === 'NOC pager')?.attempts).toBe(3);

    // Nothing arrives twice, even a while later.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smtp.messages()).toHaveLength(3);
    expect(slack.requests()).toHaveLength(1);
  });

  it('dead-letters a webhook its receiver refuses for good; an operator resends it once fixed', async () => {
    pager.respondWith(webhookResponders.always(503));
    const { createIncident: incident } = await call<{ createIncident: { id: string; version: number } }>(
      technician,
      `mutation($input: CreateIncidentInput!) { createIncident(input: $input) { id version } }`,
      {
        input: {
          title: 'Payroll export stuck',
          description: 'No payslips',
          channel: 'PORTAL',
          impact: 'SIGNIFICANT',
          urgency: 'HIGH',
          affectedServices: ['payroll'],
        },
      },
    );
    const before = pager.requests().length;
    await call(
      manager,
      `mutation($input: DeclareMajorIncidentInput!) { declareMajorIncident(input: $input) { version } }`,
      {
        input: {
          id: incident.id,
          expectedVersion: incident.version,
          impactStatement: 'No payslips this month',
        },
      },
    );
    const dead = await eventually(async () => {
      const { deadLetteredNotifications } = await call<{
        deadLetteredNotifications: Array<{
          id: string;
          attempts: number;
          lastError: string;
          incident: { id: string };
        }>;
      }>(commsLead, `{ deadLetteredNotifications { id attempts lastError incident { id } } }`);
      const mine = deadLetteredNotifications.filter((entry) => entry.incident.id === incident.id);
      expect(mine).toHaveLength(1);
      return mine[0]!;
    });
    expect(dead.attempts).toBe(4);
    expect(dead.lastError).toContain('503');
    expect(pager.requests().length - before).toBe(4);

    // Only the people accountable for informing stakeholders may resend.
    const refused = await graphqlRequest(
      stack.gatewayUrl,
      `mutation($id: ID!) { resendNotification(id: $id) { id } }`,
      {
        token: technician,
        variables: { id: dead.id },
      },
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    pager.respondWith(webhookResponders.ok());
    await call(commsLead, `mutation($id: ID!) { resendNotification(id: $id) { status } }`, { id: dead.id });
    await eventually(async () => {
      const { notification } = await call<{ notification: { status: string } }>(
        commsLead,
        `query($id: ID!) { notification(id: $id) { status } }`,
        { id: dead.id },
      );
      expect(notification.status).toBe('SENT');
    });
    expect(pager.requestsFor(dead.id).filter((request) => request.status === 200)).toHaveLength(1);
  });
});
