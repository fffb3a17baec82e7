import type {
  Locale,
  NotificationAudience,
  NotificationChannel,
  NotificationTrigger,
  WebhookFormat,
} from './notification.vocabulary';

/** Someone (or some channel) a rule's audience resolved to; the directory's answer. */
export type AudienceMember =
  | { kind: 'person'; userId: string; name: string; email: string | null; locale: Locale }
  | { kind: 'webhook'; endpointId: string; name: string; format: WebhookFormat; locale: Locale };

/** The parts of a rule planning needs. */
export interface PlannedRule {
  id: string;
  audiences: readonly NotificationAudience[];
  channels: readonly NotificationChannel[];
  template: NotificationTrigger;
}

/** One delivery to make: one recipient, one channel, one message. */
export interface DeliveryPlan {
  recipientId: string;
  recipientName: string;
  channel: NotificationChannel;
  /** The email address, or the webhook endpoint's id; null in-app. */
  destination: string | null;
  webhook: { endpointId: string; format: WebhookFormat } | null;
  ruleId: string;
  audience: NotificationAudience;
  template: NotificationTrigger;
  locale: Locale;
}

/** The recipient id of a delivery: the person's user id, or `webhook:<endpoint id>`. */
export const recipientIdOf = (member: AudienceMember) =>
  member.kind === 'person' ? member.userId : `webhook:${member.endpointId}`;

/**
 * The deliveries one trigger makes (pure): every (recipient, channel) once, whatever number of rules and
 * audiences name it; the first rule (in the order given) and audience that reach it decide its message.
 * A channel a recipient cannot take is skipped: email without an address, a webhook for a person, a
 * person's channel for a webhook.
 */
export function planDeliveries(
  rules: readonly PlannedRule[],
  membersOf: (audience: NotificationAudience) => readonly AudienceMember[],
): DeliveryPlan[] {
  const plans = new Map<string, DeliveryPlan>();
  for (const rule of rules) {
    for (const audience of rule.audiences) {
      for (const member of membersOf(audience)) {
        for (const channel of rule.channels) {
          const plan = deliveryFor(member, channel, rule, audience);
          if (!plan) continue;
          const key = `${plan.recipientId}\u0000${plan.channel}`;
          if (!plans.has(key)) plans.set(key, plan);
        }
      }
    }
  }
  return [...plans.values()];
}

function deliveryFor(
  member: AudienceMember,
  channel: NotificationChannel,
  rule: PlannedRule,
  audience: NotificationAudience,
): DeliveryPlan | null {
  const common = {
    recipientId: recipientIdOf(member),
    recipientName: member.name,
    channel,
    ruleId: rule.id,
    audience,
    template: rule.template,
    locale: member.locale,
  };
  if (member.kind === 'webhook') {
    if (channel !== 'WEBHOOK') return null;
    return {
      ...common,
      destination: member.endpointId,
      webhook: { endpointId: member.endpointId, format: member.format },
    };
  }
  switch (channel) {
    case 'IN_APP':
      return { ...common, destination: null, webhook: null };
    case 'EMAIL':
      return member.email ? { ...common, destination: member.email, webhook: null } : null;
    case 'WEBHOOK':
      return null;
  }
}

/** What a template renderer needs; the same message is reused for everyone sharing these three. */
export const messageKey = (plan: Pick<DeliveryPlan, 'template' | 'audience' | 'locale'>) =>
  `${plan.template}\u0000${plan.audience}\u0000${plan.locale}`;
