import type { NotificationFacts } from '../notification/notification.facts';
import type { NotificationAudience, NotificationTrigger } from '../notification/notification.vocabulary';

/**
 * The versions of each template: for users of the impacted services and for the reporter, plain
 * language about their service and their report (no priority, tier, assignment or internal impact
 * statement); for everyone else (staff, management, stakeholders, webhooks), the incident's details.
 */
export const templateVariants = ['staff', 'users', 'reporter'] as const;
export type TemplateVariant = (typeof templateVariants)[number];

export function variantOf(audience: NotificationAudience): TemplateVariant {
  switch (audience) {
    case 'USERS':
      return 'users';
    case 'REPORTER':
      return 'reporter';
    case 'TECHNICAL_TEAM':
    case 'MANAGEMENT':
    case 'KEY_STAKEHOLDERS':
    case 'ASSIGNEE':
    case 'NEXT_TIER':
    case 'MAJOR_INCIDENT_MANAGER':
    case 'COMMUNICATIONS_LEAD':
      return 'staff';
  }
}

/** The trigger-specific facts (null for other triggers) a template cannot do without. */
type TriggerFact = keyof Pick<NotificationFacts, 'statusUpdate' | 'overdue' | 'escalation'>;

const requiredFacts: Record<NotificationTrigger, readonly TriggerFact[]> = {
  INCIDENT_CREATED: [],
  MAJOR_DECLARED: [],
  STATUS_UPDATE_PUBLISHED: ['statusUpdate'],
  STATUS_UPDATE_OVERDUE: ['overdue'],
  // The restoration note and the resolution are optional in their templates.
  SERVICE_RESTORED: [],
  INCIDENT_RESOLVED: [],
  RESPONSE_OVERDUE: ['escalation'],
  ESCALATED_TO_MANAGER: ['escalation'],
};

/**
 * Whether a rule of `trigger` may use `template`: the template's required facts are among those the
 * trigger's events provide (its own template always fits; RESPONSE_OVERDUE and ESCALATED_TO_MANAGER share
 * theirs; templates needing only the incident fit every trigger).
 */
export function templateFitsTrigger(template: NotificationTrigger, trigger: NotificationTrigger): boolean {
  const available = requiredFacts[trigger];
  return requiredFacts[template].every((fact) => available.includes(fact));
}
