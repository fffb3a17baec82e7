/**
 * The words the notification service is built from, each defined once: the database CHECK constraints,
 * the GraphQL enums and the domain types all list exactly these.
 */

/** How a delivery reaches its recipient. IN_APP is the per-user inbox (`myNotifications`). */
export const notificationChannels = ['IN_APP', 'EMAIL', 'WEBHOOK'] as const;
export type NotificationChannel = (typeof notificationChannels)[number];

/**
 * Where a delivery is: PENDING (waiting for its next attempt; in-app deliveries never are), SENT (the
 * recipient's inbox has it, the SMTP server accepted it, the webhook answered 2xx), DEAD_LETTERED
 * (every attempt failed, or the receiver refused it for good; an operator can resend it).
 */
export const notificationStatuses = ['PENDING', 'SENT', 'DEAD_LETTERED'] as const;
export type NotificationStatus = (typeof notificationStatuses)[number];

/** The four stakeholder groups of DOMAIN.md ("Major incident process", stage 1). */
export const stakeholderKinds = ['TECHNICAL_TEAM', 'MANAGEMENT', 'KEY_STAKEHOLDERS', 'USERS'] as const;
export type StakeholderKind = (typeof stakeholderKinds)[number];

/**
 * Who a rule tells: a stakeholder group kind (its groups that cover the incident's services), or a
 * person known from the incident itself. NEXT_TIER is the technical teams of the tier above the
 * incident's (escalation); the two participant audiences are the incident's major incident manager and
 * communications lead.
 */
export const notificationAudiences = [
  ...stakeholderKinds,
  'REPORTER',
  'ASSIGNEE',
  'NEXT_TIER',
  'MAJOR_INCIDENT_MANAGER',
  'COMMUNICATIONS_LEAD',
] as const;
export type NotificationAudience = (typeof notificationAudiences)[number];

/**
 * What a rule reacts to. Each is one event (or, for ESCALATED_TO_MANAGER, one durable timer of this
 * service): see `trigger-of-event.ts` for the mapping.
 */
export const notificationTriggers = [
  'INCIDENT_CREATED',
  'MAJOR_DECLARED',
  'STATUS_UPDATE_PUBLISHED',
  'STATUS_UPDATE_OVERDUE',
  'SERVICE_RESTORED',
  'INCIDENT_RESOLVED',
  'RESPONSE_OVERDUE',
  'ESCALATED_TO_MANAGER',
] as const;
export type NotificationTrigger = (typeof notificationTriggers)[number];

/** The languages templates exist in. */
export const locales = ['en', 'fr'] as const;
export type Locale = (typeof locales)[number];

/** The JSON body an outgoing webhook gets: our own, or one Slack or Microsoft Teams accept as is. */
export const webhookFormats = ['GENERIC', 'SLACK', 'TEAMS'] as const;
export type WebhookFormat = (typeof webhookFormats)[number];

/** `'A', 'B'` for a CHECK constraint. */
export const sqlList = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');
