import type { BaseContext } from '@mim/service-kit';
import DataLoader from 'dataloader';
import type { IncidentModule } from './incident-module';
import type { Category } from './modules/category/category.entity';
import type { Comment } from './modules/comment/comment.entity';
import type { Incident } from './modules/incident/incident.entity';
import type { MiTask } from './modules/mi-task/mi-task.entity';
import type { Participant } from './modules/participant/participant.entity';
import type { PostIncidentReview } from './modules/post-incident-review/post-incident-review.entity';
import type { SlaRecord } from './modules/sla/sla.record';
import type { StatusUpdate } from './modules/status-update/status-update.entity';
import type { IncidentRooms } from './modules/war-room/war-room.entity';

export interface IncidentContext extends BaseContext, IncidentModule {
  /** Batches `_entities` lookups and repeated reads in one request; results already access-filtered. */
  incidentById: DataLoader<string, Incident | null>;
  /** `Incident.comments` of a page of incidents in one query; only what the caller may read. */
  commentsByIncidentId: DataLoader<string, Comment[]>;
  /** `Incident.participants` of a page of incidents in one query (the incidents were already access-checked). */
  participantsByIncidentId: DataLoader<string, Participant[]>;
  /** The category catalogue, read at most once per request. */
  categoryCatalogue: () => Promise<Category[]>;
  /** `Incident.sla` of a page of incidents in one query (the incidents were already access-checked). */
  slaByIncidentId: DataLoader<string, SlaRecord | null>;
  /** `Incident.hasImplementedFix` of a page of incidents in one query (already access-checked). */
  implementedFixByIncidentId: DataLoader<string, boolean>;
  /** `Incident.postIncidentReview` and `postmortem` of a page of incidents in one query (already access-checked). */
  reviewByIncidentId: DataLoader<string, PostIncidentReview | null>;
  /** `Incident.parent` of a page of incidents: the parent's id (read through `incidentById`). */
  parentIdByIncidentId: DataLoader<string, string | null>;
  /** `Incident.children` of a page of incidents: the children's ids (read through `incidentById`). */
  childIdsByIncidentId: DataLoader<string, string[]>;
  /** `MajorIncidentCandidate.incidents` of a page of candidates: the ids (read through `incidentById`). */
  candidateIncidentIds: DataLoader<string, string[]>;
  /** `Incident.tasks` of a page of incidents in one query (already access-checked). */
  tasksByIncidentId: DataLoader<string, MiTask[]>;
  /** `Incident.statusUpdates` of a page of incidents in one query; only what the caller may read. */
  statusUpdatesByIncidentId: DataLoader<string, StatusUpdate[]>;
  /** `Incident.conferenceBridge` and `warRoom` of a page of incidents in one query (already access-checked). */
  roomsByIncidentId: DataLoader<string, IncidentRooms | null>;
}

export function buildContext(base: BaseContext, module: IncidentModule): IncidentContext {
  let catalogue: Promise<Category[]> | null = null;
  return {
    ...base,
    ...module,
    incidentById: new DataLoader((ids) => module.queries.findVisibleByIds(base.caller, ids)),
    commentsByIncidentId: new DataLoader((ids) => module.comments.visibleByIncidentIds(base.caller, ids)),
    participantsByIncidentId: new DataLoader((ids) => module.participants.byIncidentIds(ids)),
    categoryCatalogue: () => (catalogue ??= module.categories.all()),
    slaByIncidentId: new DataLoader((ids) => module.sla.recordsByIncidentIds(ids)),
    implementedFixByIncidentId: new DataLoader((ids) => module.fixingChanges.hasImplementedFix(ids)),
    reviewByIncidentId: new DataLoader((ids) => module.reviews.byIncidentIds(ids)),
    parentIdByIncidentId: new DataLoader((ids) => module.links.parentIds(ids)),
    childIdsByIncidentId: new DataLoader((ids) => module.links.childIds(ids)),
    candidateIncidentIds: new DataLoader((ids) => module.candidates.incidentIds(ids)),
    tasksByIncidentId: new DataLoader((ids) => module.tasks.byIncidentIds(ids)),
    statusUpdatesByIncidentId: new DataLoader((ids) =>
      module.statusUpdates.visibleByIncidentIds(base.caller, ids),
    ),
    roomsByIncidentId: new DataLoader((ids) => module.warRooms.byIncidentIds(ids)),
  };
}
