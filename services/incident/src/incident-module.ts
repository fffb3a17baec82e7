import type { DataSource } from 'typeorm';
import type { IncidentEnv } from './env';
import { CategoryService } from './modules/category/category.service';
import { CommentService } from './modules/comment/comment.service';
import { FixingChangeService } from './modules/fixing-change/fixing-change.service';
import { IncidentLifecycleService } from './modules/incident/incident-lifecycle.service';
import { IncidentQueryService } from './modules/incident/incident-query.service';
import { IncidentRoutingService } from './modules/incident/incident-routing.service';
import { IncidentService } from './modules/incident/incident.service';
import { type IncidentChangeListener, IncidentUpdater } from './modules/incident/incident-updater';
import { KnowledgeService } from './modules/knowledge/knowledge.service';
import { MajorIncidentService } from './modules/major-incident/major-incident.service';
import { resolveChildrenWithParent } from './modules/incident-link/incident-link.cascade';
import { IncidentLinkService } from './modules/incident-link/incident-link.service';
import { detectMajorIncidentCandidates } from './modules/mi-candidate/mi-candidate.detector';
import { candidatePolicyFromEnv } from './modules/mi-candidate/mi-candidate.policy';
import { MiCandidateService } from './modules/mi-candidate/mi-candidate.service';
import { MiTaskService } from './modules/mi-task/mi-task.service';
import { ParticipantService } from './modules/participant/participant.service';
import { PostIncidentReviewService } from './modules/post-incident-review/post-incident-review.service';
import { slaConfigFromEnv } from './modules/sla/sla.policy';
import { SlaService } from './modules/sla/sla.service';
import { StatusUpdateService } from './modules/status-update/status-update.service';
import { TimelineService } from './modules/timeline/timeline.service';
import { WarRoomService } from './modules/war-room/war-room.service';

/** Every use case of the incident service, wired once per process. */
export interface IncidentModule {
  /** Logging incidents; `createWithin` and `addTimelineEntryWithin` for other modules' transactions. */
  incidents: IncidentService;
  lifecycle: IncidentLifecycleService;
  routing: IncidentRoutingService;
  queries: IncidentQueryService;
  comments: CommentService;
  timeline: TimelineService;
  /** The incident's team (major incident team roster). */
  participants: ParticipantService;
  /** The major incident process: declaring one. */
  majorIncidents: MajorIncidentService;
  /** Major incident candidates: raised as incidents are created (a listener), promoted or dismissed. */
  candidates: MiCandidateService;
  /** Parent and children: related incidents linked to their major incident, resolved with it. */
  links: IncidentLinkService;
  /**
   * The changes that fix each incident (a read model fed by the change service's events): what
   * resolving a major incident requires.
   */
  fixingChanges: FixingChangeService;
  categories: CategoryService;
  /** SLA clocks: follows every change (a listener), handles the SLA timers, evaluates `Incident.sla`. */
  sla: SlaService;
  /** Knowledge reuse: past major incidents like a new one. */
  knowledge: KnowledgeService;
  /** Maintenance: post-incident reviews of major incidents and their postmortem documents. */
  reviews: PostIncidentReviewService;
  /** Containment: the major incident team's tasks, with their overdue timers. */
  tasks: MiTaskService;
  /** Communication: status updates to the four audiences; the cadence timer follows every change. */
  statusUpdates: StatusUpdateService;
  /** Containment: the conference bridge and the war room. */
  warRooms: WarRoomService;
}

export type IncidentModuleConfig = Pick<
  IncidentEnv,
  | 'INCIDENT_NUMBER_PREFIX'
  | 'INCIDENT_PRIORITY_MATRIX'
  | 'INCIDENT_REOPEN_WINDOW_HOURS'
  | 'INCIDENT_MAX_BACKDATE_DAYS'
  | 'INCIDENT_SLA_POLICIES'
  | 'INCIDENT_SLA_AT_RISK_PERCENT'
  | 'MAJOR_INCIDENT_RESOLUTION_REQUIRES_CHANGE'
  | 'MI_STATUS_UPDATE_CADENCE_MINUTES'
  | 'MI_CANDIDATE_THRESHOLD'
  | 'MI_CANDIDATE_WINDOW_MINUTES'
  | 'MI_CANDIDATE_SIMILARITY'
>;

/**
 * The composition root of the use cases. `listeners` follow every change of an incident inside its
 * transaction (creation, transitions, reclassification, assignment, escalation); the SLA clocks are
 * always the first of them.
 */
export function createIncidentModule(
  dataSource: DataSource,
  env: IncidentModuleConfig,
  listeners: readonly IncidentChangeListener[] = [],
): IncidentModule {
  const timeline = new TimelineService(dataSource);
  const fixingChanges = new FixingChangeService(dataSource);
  const categories = new CategoryService(dataSource);
  // SLA announcements go on the timeline through the incident module's own entry point.
  const sla = new SlaService(
    dataSource,
    slaConfigFromEnv(env),
    (manager, incidentId, entry, trace): Promise<unknown> =>
      incidents.addTimelineEntryWithin(manager, incidentId, entry, trace),
  );
  const links = new IncidentLinkService(dataSource, timeline);
  // Candidates are evaluated as incidents are created; a major incident's resolution resolves its children
  // (through the lifecycle, bound below: it runs these listeners itself).
  const followers: IncidentChangeListener[] = [
    detectMajorIncidentCandidates(candidatePolicyFromEnv(env)),
    resolveChildrenWithParent(links, () => lifecycle),
  ];
  const statusUpdates = new StatusUpdateService(dataSource, timeline, env.MI_STATUS_UPDATE_CADENCE_MINUTES);
  const updater = new IncidentUpdater(dataSource, timeline, [
    sla.follow,
    ...followers,
    statusUpdates.follow,
    ...listeners,
  ]);
  const matrix = env.INCIDENT_PRIORITY_MATRIX;
  const incidents = new IncidentService(
    dataSource,
    {
      numberPrefix: env.INCIDENT_NUMBER_PREFIX,
      matrix,
      maxBackdateDays: env.INCIDENT_MAX_BACKDATE_DAYS,
    },
    { categories, timeline, updater },
  );
  const lifecycle = new IncidentLifecycleService(
    updater,
    {
      reopenWindowHours: env.INCIDENT_REOPEN_WINDOW_HOURS,
      majorResolutionRequiresChange: env.MAJOR_INCIDENT_RESOLUTION_REQUIRES_CHANGE,
    },
    fixingChanges,
  );
  return {
    incidents,
    lifecycle,
    routing: new IncidentRoutingService(updater, matrix),
    queries: new IncidentQueryService(dataSource, timeline),
    comments: new CommentService(dataSource, timeline),
    timeline,
    participants: new ParticipantService(dataSource, timeline),
    majorIncidents: new MajorIncidentService(updater),
    knowledge: new KnowledgeService(dataSource),
    reviews: new PostIncidentReviewService(dataSource, timeline),
    candidates: new MiCandidateService(dataSource, { updater, links }),
    links,
    fixingChanges,
    categories,
    sla,
    tasks: new MiTaskService(dataSource, timeline),
    statusUpdates,
    warRooms: new WarRoomService(dataSource, timeline),
  };
}
