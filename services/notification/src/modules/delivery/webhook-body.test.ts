import type { NotificationFacts, RenderedMessage } from '../notification/notification.facts';
import { slackLimits, webhookBody } from './webhook-body';

const facts: NotificationFacts = {
  trigger: 'MAJOR_DECLARED',
  incident: {
    id: '0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10',
    number: 'INC-000042',
    kind: 'INCIDENT',
    title: 'Checkout returns HTTP 502',
    priority: 'P1',
    status: 'IN_PROGRESS',
    major: true,
    services: ['checkout', 'payments'],
    category: 'application',
    supportTier: 'L2',
    assignmentGroup: 'Web',
    assigneeName: 'Ada',
    reporterName: 'Bob',
    impactStatement: 'Customers cannot pay',
    url: 'https://mim.example/incidents/0b6f2a4e-7a53-4d52-8f0e-4d7c2a1b9c10',
  },
  occurredAt: '2026-03-01T12:00:00.000Z',
  statusUpdate: null,
  restorationNote: null,
  resolution: null,
  overdue: null,
  escalation: null,
};
const message: RenderedMessage = {
  subject: 'Major incident INC-000042: Checkout returns HTTP 502',
  text: 'Customers cannot pay <since 11:50> & the war room is open.',
  html: '<p>Customers cannot pay</p>',
};
const deliveryId = '1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b';

describe('webhook bodies', () => {
  it('GENERIC: our versioned body with the trigger, the message and the incident', () => {
    expect(webhookBody('GENERIC', { deliveryId, facts, message })).toEqual({
      version: 1,
      deliveryId,
      trigger: 'MAJOR_DECLARED',
      occurredAt: '2026-03-01T12:00:00.000Z',
      subject: message.subject,
      text: message.text,
      incident: {
        id: facts.incident.id,
        number: 'INC-000042',
        title: 'Checkout returns HTTP 502',
        priority: 'P1',
        status: 'IN_PROGRESS',
        major: true,
        services: ['checkout', 'payments'],
        url: facts.incident.url,
      },
    });
  });

  it('SLACK: a fallback text and header, section and context blocks, mrkdwn escaped', () => {
    const body = webhookBody('SLACK', { deliveryId, facts, message });
    expect(body).toEqual({
      text: message.subject,
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: message.subject, emoji: true } },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: 'Customers cannot pay &lt;since 11:50&gt; &amp; the war room is open.',
          },
        },
        {
          type: 'context',
          elements: [
            {
              type: 'mrkdwn',
              text: `<${facts.incident.url}|INC-000042> · P1 · IN_PROGRESS · major incident · checkout, payments`,
            },
          ],
        },
      ],
    });
  });

  it("SLACK: keeps within Slack's limits (header 150, section 3000) without cutting an entity", () => {
    const long = { subject: `${'S'.repeat(400)}`, text: `${'x'.repeat(2998)}&&&&`, html: '' };
    const body = webhookBody('SLACK', { deliveryId, facts, message: long }) as {
      text: string;
      blocks: Array<{ type: string; text?: { text: string } }>;
    };
    const [header, section] = body.blocks;
    expect(Array.from(header!.text!.text)).toHaveLength(slackLimits.header);
    expect(header!.text!.text.endsWith('…')).toBe(true);
    expect(section!.text!.text.length).toBeLessThanOrEqual(slackLimits.section);
    expect(section!.text!.text).toMatch(/x…$/);
    expect(body.text.length).toBeLessThanOrEqual(slackLimits.fallback);
    // An emoji is never cut in half.
    const emoji = webhookBody('SLACK', {
      deliveryId,
      facts,
      message: { ...long, subject: '🔥'.repeat(200) },
    }) as {
      blocks: Array<{ text?: { text: string } }>;
    };
    expect(Array.from(emoji.blocks[0]!.text!.text)).toEqual([...Array<string>(149).fill('🔥'), '…']);
  });

  it('TEAMS: a message with one Adaptive Card (1.4): title, text, summary and a link to the incident', () => {
    expect(webhookBody('TEAMS', { deliveryId, facts, message })).toEqual({
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          contentUrl: null,
          content: {
            type: 'AdaptiveCard',
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            version: '1.4',
            body: [
              { type: 'TextBlock', text: message.subject, size: 'Medium', weight: 'Bolder', wrap: true },
              { type: 'TextBlock', text: message.text, wrap: true },
              {
                type: 'TextBlock',
                text: 'INC-000042 · P1 · IN_PROGRESS · major incident · checkout, payments',
                isSubtle: true,
                spacing: 'Small',
                wrap: true,
              },
            ],
            actions: [{ type: 'Action.OpenUrl', title: 'Open INC-000042', url: facts.incident.url }],
          },
        },
      ],
    });
  });

  it('every format is plain JSON (what is stored as the payload is what is posted)', () => {
    for (const format of ['GENERIC', 'SLACK', 'TEAMS'] as const) {
      const body = webhookBody(format, { deliveryId, facts, message });
      expect(JSON.parse(JSON.stringify(body))).toEqual(body);
    }
  });
});
