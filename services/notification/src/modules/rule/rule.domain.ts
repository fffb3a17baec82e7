import type {
  NotificationAudience,
  NotificationChannel,
  NotificationTrigger,
} from '../notification/notification.vocabulary';
import { templateFitsTrigger } from '../template/template.catalogue';

export const priorities = ['P1', 'P2', 'P3', 'P4', 'P5'] as const;

/** A rule's conditions: an empty list matches anything. */
export interface RuleConditions {
  priorities: readonly string[];
  majorOnly: boolean;
  services: readonly string[];
  categories: readonly string[];
}

/** What the conditions are checked against: the incident when the trigger happened. */
export interface IncidentConditions {
  priority: string | null;
  major: boolean;
  services: readonly string[];
  category: string | null;
}

/**
 * Whether a rule applies to an incident (pure): its priority is listed, it is major if the rule wants
 * only major incidents, one of its services is listed, its category is listed. An empty list is no
 * condition; an incident without a priority or category fails a non-empty list of them.
 */
export function ruleMatches(rule: RuleConditions, incident: IncidentConditions): boolean {
  if (rule.majorOnly && !incident.major) return false;
  if (
    rule.priorities.length > 0 &&
    (incident.priority === null || !rule.priorities.includes(incident.priority))
  ) {
    return false;
  }
  if (rule.services.length > 0 && !incident.services.some((service) => rule.services.includes(service))) {
    return false;
  }
  if (
    rule.categories.length > 0 &&
    (incident.category === null || !rule.categories.includes(incident.category))
  ) {
    return false;
  }
  return true;
}

/** The audiences made of stakeholder groups: the only ones with webhook endpoints. */
export const groupAudiences = [
  'TECHNICAL_TEAM',
  'MANAGEMENT',
  'KEY_STAKEHOLDERS',
  'USERS',
  'NEXT_TIER',
] as const satisfies readonly NotificationAudience[];

/** NEXT_TIER is functional escalation: it follows a missed response target, and nothing else. */
export const escalationTriggers = [
  'RESPONSE_OVERDUE',
  'ESCALATED_TO_MANAGER',
] as const satisfies readonly NotificationTrigger[];

/** What a rule says beyond its conditions. */
export interface RuleTargets {
  trigger: NotificationTrigger;
  audiences: readonly NotificationAudience[];
  channels: readonly NotificationChannel[];
  template: NotificationTrigger;
}

/**
 * The problems of a rule's targets, as invalid fields (none: valid):
 * - NEXT_TIER only for the escalation triggers: the "tier above" of any other event tells a tier about
 *   an incident it was never asked to take;
 * - WEBHOOK needs a group audience: people are told in-app and by email, webhooks belong to groups, so
 *   a WEBHOOK rule for people only would silently send nothing;
 * - the template must be one the trigger has facts for (template.catalogue.ts).
 */
export function ruleTargetProblems(rule: RuleTargets): Array<{ path: string; message: string }> {
  const problems: Array<{ path: string; message: string }> = [];
  if (
    rule.audiences.includes('NEXT_TIER') &&
    !(escalationTriggers as readonly NotificationTrigger[]).includes(rule.trigger)
  ) {
    problems.push({
      path: 'audiences',
      message: `NEXT_TIER only applies to the escalation triggers (${escalationTriggers.join(', ')})`,
    });
  }
  if (
    rule.channels.includes('WEBHOOK') &&
    !rule.audiences.some((audience) => (groupAudiences as readonly NotificationAudience[]).includes(audience))
  ) {
    problems.push({
      path: 'channels',
      message: `WEBHOOK reaches stakeholder groups only: add one of ${groupAudiences.join(', ')} or drop it`,
    });
  }
  if (!templateFitsTrigger(rule.template, rule.trigger)) {
    problems.push({
      path: 'template',
      message: `the ${rule.template} template needs facts a ${rule.trigger} event does not have`,
    });
  }
  return problems;
}
