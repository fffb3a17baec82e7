import type { NotificationTrigger } from './notification.vocabulary';

/** The incident as a message shows it (from the snapshot); the same for every trigger. */
export interface IncidentFacts {
  id: string;
  number: string;
  /** An incident, or a service request (a user asking for something, not reporting a failure). */
  kind: 'INCIDENT' | 'SERVICE_REQUEST';
  title: string;
  priority: string;
  status: string;
  major: boolean;
  services: string[];
  category: string | null;
  supportTier: 'L1' | 'L2' | 'L3';
  assignmentGroup: string | null;
  assigneeName: string | null;
  reporterName: string | null;
  impactStatement: string | null;
  /** Where to open it (NOTIFICATION_INCIDENT_URL with the id filled in). */
  url: string;
}

/** What a published status update says (STATUS_UPDATE_PUBLISHED). */
export interface StatusUpdateFacts {
  impact: string;
  currentStatus: string;
  actions: string | null;
  nextUpdateDueAt: string | null;
}

/**
 * Everything a template may use, for one trigger of one incident. The trigger-specific parts are set for
 * their trigger only (null otherwise), so a template of another trigger cannot silently read them.
 */
export interface NotificationFacts {
  trigger: NotificationTrigger;
  incident: IncidentFacts;
  /** When the triggering event happened (ISO 8601). */
  occurredAt: string;
  statusUpdate: StatusUpdateFacts | null;
  /** SERVICE_RESTORED: what restored service. */
  restorationNote: string | null;
  /** INCIDENT_RESOLVED: the resolution given, if any. */
  resolution: string | null;
  /** STATUS_UPDATE_OVERDUE: when the update was due, and the last one (null: none since the declaration). */
  overdue: { dueAt: string; lastUpdateAt: string | null } | null;
  /**
   * RESPONSE_OVERDUE and ESCALATED_TO_MANAGER: the response target missed, and the tiers (toTier null when
   * the incident is already at the last tier).
   */
  escalation: {
    responseDueAt: string;
    fromTier: 'L1' | 'L2' | 'L3';
    toTier: 'L1' | 'L2' | 'L3' | null;
  } | null;
}

/** A message rendered for one recipient: what every channel sends. */
export interface RenderedMessage {
  subject: string;
  /** Plain text (the email's text part, the in-app body, the webhook's text). */
  text: string;
  /** The email's HTML part (the text, escaped, with paragraphs and the link). */
  html: string;
}
