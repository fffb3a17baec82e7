import type { NotificationFacts, RenderedMessage } from '../notification/notification.facts';
import type { WebhookFormat } from '../notification/notification.vocabulary';

/** What a webhook call says: the delivery it is, the facts of the trigger, the message as rendered. */
export interface WebhookBodyInput {
  deliveryId: string;
  facts: NotificationFacts;
  message: RenderedMessage;
}

/** Our own format: everything a receiver needs to act on it without calling back. */
export type GenericWebhookBody = {
  version: 1;
  deliveryId: string;
  trigger: NotificationFacts['trigger'];
  occurredAt: string;
  subject: string;
  text: string;
  incident: {
    id: string;
    number: string;
    title: string;
    priority: string;
    status: string;
    major: boolean;
    services: string[];
    url: string;
  };
};

/** Slack's limits (Block Kit): header text 150 characters, section text 3000. */
export const slackLimits = { header: 150, section: 3000, fallback: 3000 } as const;
/** Teams refuses messages over about 28 KB; the card's text is kept well below. */
const teamsTextLimit = 10_000;

/**
 * The JSON body of a webhook call in the endpoint's format. The planner calls it when it plans the
 * delivery and stores the result as the delivery's `payload`; the dispatcher posts exactly that, so the
 * delivery log shows what was sent. GENERIC is ours (versioned); SLACK is what a Slack incoming webhook
 * accepts (a fallback `text` and Block Kit blocks); TEAMS is what a Teams incoming webhook or workflow
 * accepts (a message with one Adaptive Card attachment).
 */
export function webhookBody(format: WebhookFormat, input: WebhookBodyInput): Record<string, unknown> {
  switch (format) {
    case 'GENERIC':
      return genericBody(input);
    case 'SLACK':
      return slackBody(input);
    case 'TEAMS':
      return teamsBody(input);
  }
}

export function genericBody({ deliveryId, facts, message }: WebhookBodyInput): GenericWebhookBody {
  const { incident } = facts;
  return {
    version: 1,
    deliveryId,
    trigger: facts.trigger,
    occurredAt: facts.occurredAt,
    subject: message.subject,
    text: message.text,
    incident: {
      id: incident.id,
      number: incident.number,
      title: incident.title,
      priority: incident.priority,
      status: incident.status,
      major: incident.major,
      services: [...incident.services],
      url: incident.url,
    },
  };
}

function slackBody({ facts, message }: WebhookBodyInput): Record<string, unknown> {
  const { incident } = facts;
  const summary = [
    `<${slackUrl(incident.url)}|${escapeSlack(incident.number)}>`,
    escapeSlack(incident.priority),
    escapeSlack(incident.status),
    ...(incident.major ? ['major incident'] : []),
    ...(incident.services.length > 0 ? [escapeSlack(incident.services.join(', '))] : []),
  ].join(' · ');
  return {
    text: truncate(message.subject, slackLimits.fallback),
    blocks: [
      {
        type: 'header',
        text: { type: 'plain_text', text: truncate(message.subject, slackLimits.header), emoji: true },
      },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: truncateEscaped(escapeSlack(message.text), slackLimits.section) },
      },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: truncateEscaped(summary, slackLimits.section) }],
      },
    ],
  };
}

function teamsBody({ facts, message }: WebhookBodyInput): Record<string, unknown> {
  const { incident } = facts;
  const summary = [
    incident.number,
    incident.priority,
    incident.status,
    ...(incident.major ? ['major incident'] : []),
    ...(incident.services.length > 0 ? [incident.services.join(', ')] : []),
  ].join(' · ');
  return {
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
            { type: 'TextBlock', text: truncate(message.text, teamsTextLimit), wrap: true },
            { type: 'TextBlock', text: summary, isSubtle: true, spacing: 'Small', wrap: true },
          ],
          actions: [{ type: 'Action.OpenUrl', title: `Open ${incident.number}`, url: incident.url }],
        },
      },
    ],
  };
}

/** Slack's mrkdwn treats &, < and > as control characters: they are sent as entities. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A URL inside `<url|label>`: its own `|` and `>` would end the link early. */
function slackUrl(url: string): string {
  return url.replace(/\|/g, '%7C').replace(/>/g, '%3E').replace(/</g, '%3C');
}

/** At most `max` characters (code points, so no emoji is cut in half), with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  const characters = Array.from(text);
  if (characters.length <= max) return text;
  return `${characters.slice(0, max - 1).join('')}…`;
}

/** As `truncate`, for escaped text: an entity cut in half at the end is dropped whole. */
function truncateEscaped(text: string, max: number): string {
  const cut = truncate(text, max);
  if (cut === text) return text;
  return cut.replace(/&[a-z]*…$/, '…');
}
