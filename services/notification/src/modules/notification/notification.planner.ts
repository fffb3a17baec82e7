import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { IncidentSnapshot } from '../incident-snapshot/incident-snapshot.entity';
import { incidentFacts } from '../incident-snapshot/incident-snapshot.facts';
import type { NotificationFacts, RenderedMessage } from './notification.facts';
import { type AudienceMember, type PlannedRule, messageKey, planDeliveries } from './notification.plan';
import { type NewDelivery, insertDeliveries } from './notification.records';
import { deferAnnouncement, takeDeferredAnnouncements } from './notification.deferred';
import {
  type Locale,
  type NotificationAudience,
  type NotificationTrigger,
  type StakeholderKind,
  type WebhookFormat,
  stakeholderKinds,
} from './notification.vocabulary';

/** What the planner needs from the rule, stakeholder, template and delivery modules. */
export interface PlannerParts {
  /** The enabled rules of a trigger whose conditions the incident meets, in the order they apply. */
  matchingRules(
    manager: EntityManager,
    trigger: NotificationTrigger,
    incident: IncidentSnapshot,
  ): Promise<PlannedRule[]>;
  /** The members of each audience (every one a key of the answer), read in few queries. */
  recipients(
    manager: EntityManager,
    audiences: readonly NotificationAudience[],
    incident: IncidentSnapshot,
  ): Promise<ReadonlyMap<NotificationAudience, readonly AudienceMember[]>>;
  render(input: {
    template: NotificationTrigger;
    audience: NotificationAudience;
    locale: Locale;
    facts: NotificationFacts;
  }): RenderedMessage;
  webhookBody(
    format: WebhookFormat,
    input: { deliveryId: string; facts: NotificationFacts; message: RenderedMessage },
  ): Record<string, unknown>;
  /** Wakes the dispatcher once the transaction commits (pg_notify). */
  wakeDispatcher(manager: EntityManager): Promise<void>;
}

/** The event (or timer) a trigger comes from: it names the deliveries, so a repeat makes none. */
export interface TriggerSource {
  id: string;
  type: string;
  correlationId: string;
  occurredAt: Date;
}

/** What a trigger adds to the incident's facts (the trigger-specific parts of `NotificationFacts`). */
export type TriggerDetails = Partial<Omit<NotificationFacts, 'trigger' | 'incident' | 'occurredAt'>>;

/** One trigger about one incident, from one source. */
export interface Announcement {
  source: TriggerSource;
  trigger: NotificationTrigger;
  details?: TriggerDetails;
  /**
   * Limits the stakeholder-group audiences (TECHNICAL_TEAM ... USERS) of the rules to these, e.g. the
   * audiences a status update names; person audiences are kept. Null or absent: no limit.
   */
  namedAudiences?: readonly string[] | null;
}

/**
 * Turns one trigger on one incident into deliveries, inside the consumer's (or timer's) transaction:
 * matching rules -> their audiences' members -> one delivery per (recipient, channel), rendered in the
 * recipient's language. The deliveries commit with the event's inbox row, or not at all.
 */
export class NotificationPlanner {
  constructor(
    private readonly parts: PlannerParts,
    private readonly incidentUrl: (id: string) => string,
  ) {}

  /**
   * Plans and stores the deliveries; returns how many were new. About an incident not known yet, the
   * announcement is kept and made by `announceDeferred` when incident.created arrives.
   */
  async announce(
    manager: EntityManager,
    incident: IncidentSnapshot,
    announcement: Announcement,
  ): Promise<number> {
    if (!incident.createdSeen) {
      await deferAnnouncement(manager, incident.id, announcement);
      return 0;
    }
    const { source, trigger, namedAudiences } = announcement;
    const facts: NotificationFacts = {
      trigger,
      incident: incidentFacts(incident, this.incidentUrl),
      occurredAt: source.occurredAt.toISOString(),
      statusUpdate: null,
      restorationNote: null,
      resolution: null,
      overdue: null,
      escalation: null,
      ...announcement.details,
    };
    const rules = await this.parts.matchingRules(manager, trigger, incident);
    if (rules.length === 0) return 0;

    const named = namedAudiences ? new Set(namedAudiences) : null;
    const audiences = [...new Set(rules.flatMap((rule) => rule.audiences))].filter(
      (audience) => !named || !isStakeholderKind(audience) || named.has(audience),
    );
    const members = await this.parts.recipients(manager, audiences, incident);
    const plans = planDeliveries(rules, (audience) => members.get(audience) ?? []);
    const messages = new Map<string, RenderedMessage>();
    const deliveries: NewDelivery[] = plans.map((plan) => {
      const key = messageKey(plan);
      let message = messages.get(key);
      if (!message) {
        message = this.parts.render({
          template: plan.template,
          audience: plan.audience,
          locale: plan.locale,
          facts,
        });
        messages.set(key, message);
      }
      const id = randomUUID();
      return {
        id,
        recipientId: plan.recipientId,
        recipientName: plan.recipientName,
        incidentId: incident.id,
        channel: plan.channel,
        subject: message.subject,
        body: message.text,
        destination: plan.destination,
        webhookEndpointId: plan.webhook?.endpointId ?? null,
        sourceEventId: source.id,
        sourceEventType: source.type,
        correlationId: source.correlationId,
        ruleId: plan.ruleId,
        audience: plan.audience,
        template: plan.template,
        locale: plan.locale,
        payload: plan.webhook
          ? this.parts.webhookBody(plan.webhook.format, { deliveryId: id, facts, message })
          : plan.channel === 'EMAIL'
            ? { html: message.html }
            : null,
      };
    });
    const inserted = await insertDeliveries(manager, deliveries, {
      correlationId: source.correlationId,
      at: new Date(),
    });
    if (inserted.some((delivery) => delivery.channel !== 'IN_APP')) await this.parts.wakeDispatcher(manager);
    return inserted.length;
  }

  /** Makes the announcements kept while the incident was not known; call once it is. */
  async announceDeferred(manager: EntityManager, incident: IncidentSnapshot): Promise<void> {
    for (const announcement of await takeDeferredAnnouncements(manager, incident.id)) {
      await this.announce(manager, incident, announcement);
    }
  }
}

const isStakeholderKind = (audience: string): audience is StakeholderKind =>
  (stakeholderKinds as readonly string[]).includes(audience);
