import { CreateMessagingTables1763800000000, InboxMessage, OutboxMessage } from '@mim/messaging';
import { CreateScheduledJobTable1763900000000 } from '@mim/scheduler';
import { createDataSource } from '@mim/service-kit';
import type { DataSource } from 'typeorm';
import { CreateIncidents1763800000100 } from './migrations/1763800000100-create-incidents';
import { ServiceDeskIncidentFields1763800000110 } from './migrations/1763800000110-service-desk-incident-fields';
import { CreateCategoryCatalogue1763800000120 } from './migrations/1763800000120-create-category-catalogue';
import { CreateCommentsAndTimeline1763800000130 } from './migrations/1763800000130-create-comments-and-timeline';
import { IncidentSlaClocks1763900000100 } from './migrations/1763900000100-incident-sla';
import { TimelinePositions1764000000100 } from './migrations/1764000000100-timeline-positions';
import { IncidentParticipants1764000000110 } from './migrations/1764000000110-incident-participants';
import { MajorIncidentDeclaration1764000000120 } from './migrations/1764000000120-major-incident-declaration';
import { IncidentFixingChanges1764100000100 } from './migrations/1764100000100-incident-fixing-changes';
import { IncidentLinks1764300000100 } from './migrations/1764300000100-incident-links';
import { MajorIncidentCandidates1764300000110 } from './migrations/1764300000110-major-incident-candidates';
import { PostIncidentReviews1764300000300 } from './migrations/1764300000300-post-incident-reviews';
import { KnowledgeReuse1764300000310 } from './migrations/1764300000310-knowledge-reuse';
import { MajorIncidentTasks1764300000200 } from './migrations/1764300000200-major-incident-tasks';
import { ServiceRestoredAt1764300000400 } from './migrations/1764300000400-service-restored-at';
import { StatusUpdatesAndRooms1764300000210 } from './migrations/1764300000210-status-updates-and-rooms';
import { Category } from './modules/category/category.entity';
import { Comment } from './modules/comment/comment.entity';
import { FixingChange } from './modules/fixing-change/fixing-change.entity';
import { Incident } from './modules/incident/incident.entity';
import { MiTask } from './modules/mi-task/mi-task.entity';
import { IncidentLink } from './modules/incident-link/incident-link.entity';
import { CandidateListing, MajorIncidentCandidate } from './modules/mi-candidate/mi-candidate.entity';
import { intakeEntities, intakeMigrations } from './modules/intake';
import { Participant } from './modules/participant/participant.entity';
import { PostIncidentReview } from './modules/post-incident-review/post-incident-review.entity';
import { StatusUpdate } from './modules/status-update/status-update.entity';
import { TimelineEntry } from './modules/timeline/timeline-entry.entity';
import { IncidentRooms } from './modules/war-room/war-room.entity';

export const entities = [
  Incident,
  Category,
  Comment,
  TimelineEntry,
  Participant,
  FixingChange,
  MiTask,
  StatusUpdate,
  IncidentRooms,
  IncidentLink,
  MajorIncidentCandidate,
  CandidateListing,
  PostIncidentReview,
  ...intakeEntities,
  OutboxMessage,
  InboxMessage,
];
export const migrations = [
  CreateMessagingTables1763800000000,
  CreateIncidents1763800000100,
  ServiceDeskIncidentFields1763800000110,
  CreateCategoryCatalogue1763800000120,
  CreateCommentsAndTimeline1763800000130,
  ...intakeMigrations,
  // The SLA timers (modules/sla) and the SLA columns of the incident.
  CreateScheduledJobTable1763900000000,
  IncidentSlaClocks1763900000100,
  // Timeline positions, the incident team (modules/participant), major incident declaration.
  TimelinePositions1764000000100,
  IncidentParticipants1764000000110,
  MajorIncidentDeclaration1764000000120,
  // The changes that fix each incident (modules/fixing-change): resolving a major incident needs one.
  IncidentFixingChanges1764100000100,
  // Identification: parent and children, major incident candidates (pg_trgm).
  IncidentLinks1764300000100,
  MajorIncidentCandidates1764300000110,
  // Resolution and maintenance: post-incident reviews of major incidents.
  PostIncidentReviews1764300000300,
  // Knowledge reuse: trigram similarity of past major incidents.
  KnowledgeReuse1764300000310,
  // Containment and communication of major incidents: tasks, status updates, bridge and war room.
  MajorIncidentTasks1764300000200,
  StatusUpdatesAndRooms1764300000210,
  // Service restored (mitigation) before full resolution: the end of downtime.
  ServiceRestoredAt1764300000400,
];

export function createIncidentDataSource(env: {
  DATABASE_URL: string;
  DATABASE_POOL_SIZE: number;
}): DataSource {
  return createDataSource({
    url: env.DATABASE_URL,
    entities,
    migrations,
    poolSize: env.DATABASE_POOL_SIZE,
    applicationName: 'mim-incident',
  });
}
