import { appendToOutbox } from '@mim/messaging';
import { type RequestMeta, isUuid, parseInput, traceHeaders } from '@mim/service-kit';
import { type DataSource, type EntityManager, In } from 'typeorm';
import type { Incident } from '../incident/incident.entity';
import { actorOf } from '../incident/incident.history';
import { lockVisible } from '../incident/incident-updater';
import { TimelineEntry } from '../timeline/timeline-entry.entity';
import type { TimelineService } from '../timeline/timeline.service';
import {
  type ReviewContent,
  type ReviewMove,
  type ReviewState,
  editReview,
  moveReview,
  startReview,
} from './post-incident-review.domain';
import { PostIncidentReview } from './post-incident-review.entity';
import { reviewNotFound, staleReview } from './post-incident-review.errors';
import {
  type ReviewTimelineKind,
  reviewEntry,
  reviewPublishedEvent,
  reviewTimelineKinds,
} from './post-incident-review.history';
import {
  moveReviewArgs,
  returnReviewArgs,
  reviewTargetArgs,
  updateReviewInput,
} from './post-incident-review.input';
import { requireReviewPermission } from './post-incident-review.permissions';
import { renderPostmortem } from './postmortem';

/** How many timeline entries a review and its postmortem show (the oldest first). */
export const reviewTimelineLimit = 1_000;

const moveKinds: Record<ReviewMove, ReviewTimelineKind> = {
  submit: 'post_incident_review_submitted',
  return: 'post_incident_review_returned',
  publish: 'post_incident_review_published',
};

/**
 * Post-incident reviews of major incidents (DOMAIN.md, stage 4). Each use case is one transaction: lock
 * the incident (visible to the caller, else NOT_FOUND) -> review rule -> save (version-checked) ->
 * timeline -> outbox. The incident's own version does not move.
 */
export class PostIncidentReviewService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly timeline: TimelineService,
  ) {}

  /** A DRAFT for a resolved (or closed) major incident, its root cause prefilled from the problem. */
  start(meta: RequestMeta, rawArgs: unknown): Promise<PostIncidentReview> {
    requireReviewPermission(meta.caller, 'write');
    const args = parseInput(reviewTargetArgs, rawArgs);
    return this.dataSource.transaction(async (manager) => {
      const incident = await lockVisible(manager, meta.caller, args.incidentId);
      const existing = await manager.findOneBy(PostIncidentReview, { incidentId: incident.id });
      const state = startReview(incident, existing, await latestProblemRootCause(manager, incident.id));
      const at = new Date();
      const review = manager.create(PostIncidentReview, {
        ...state,
        incidentId: incident.id,
        startedById: meta.caller.subject,
        startedByName: meta.caller.name,
        createdAt: at,
        updatedAt: at,
        publishedById: null,
        publishedByName: null,
      });
      await manager.insert(PostIncidentReview, review);
      await this.timeline.appendWithin(
        manager,
        incident.id,
        [reviewEntry('post_incident_review_started', review, actorOf(meta.caller), at)],
        meta,
      );
      return review;
    });
  }

  update(meta: RequestMeta, rawInput: unknown): Promise<PostIncidentReview> {
    requireReviewPermission(meta.caller, 'write');
    const input = parseInput(updateReviewInput, rawInput);
    return this.dataSource.transaction(async (manager) => {
      const { review } = await this.lockReview(manager, meta, input.incidentId);
      const changes: Partial<ReviewContent> = {
        summary: input.summary,
        impact: input.impact,
        affectedServices: input.affectedServices,
        rootCause: input.rootCause,
        wentWell: input.whatWentWell,
        wentBadly: input.whatWentBadly,
        followUps: input.followUpActions?.map((action) => ({ ...action, dueAt: action.dueAt.toISOString() })),
      };
      const state = editReview(review, input.expectedVersion, changes);
      return save(manager, review, state, new Date());
    });
  }

  submit(meta: RequestMeta, rawArgs: unknown): Promise<PostIncidentReview> {
    requireReviewPermission(meta.caller, 'write');
    return this.move(meta, parseInput(moveReviewArgs, rawArgs), 'submit');
  }

  /** The approver sends a review in review back to its authors, saying why. */
  returnToDraft(meta: RequestMeta, rawArgs: unknown): Promise<PostIncidentReview> {
    requireReviewPermission(meta.caller, 'approve');
    const args = parseInput(returnReviewArgs, rawArgs);
    return this.move(meta, args, 'return', args.reason);
  }

  /** The approver publishes: final, with incident.post_incident_review_published.v1. */
  publish(meta: RequestMeta, rawArgs: unknown): Promise<PostIncidentReview> {
    requireReviewPermission(meta.caller, 'approve');
    return this.move(meta, parseInput(moveReviewArgs, rawArgs), 'publish');
  }

  /** The reviews of a batch of incidents already visible to the caller (a DataLoader's batch function). */
  async byIncidentIds(incidentIds: readonly string[]): Promise<Array<PostIncidentReview | null>> {
    const ids = [...new Set(incidentIds.filter(isUuid))];
    const rows = ids.length
      ? await this.dataSource.getRepository(PostIncidentReview).findBy({ incidentId: In(ids) })
      : [];
    return incidentIds.map((id) => rows.find((row) => row.incidentId === id) ?? null);
  }

  /**
   * The incident's own timeline as the review documents it, oldest first, every entry (the review is for
   * staff), without the review's own moves.
   */
  timelineOf(incidentId: string): Promise<TimelineEntry[]> {
    return this.dataSource
      .getRepository(TimelineEntry)
      .createQueryBuilder('entry')
      .where('entry.incident_id = :incidentId', { incidentId })
      .andWhere('entry.kind NOT IN (:...kinds)', { kinds: [...reviewTimelineKinds] })
      .orderBy('entry.occurred_at', 'ASC')
      .addOrderBy('entry.seq', 'ASC')
      .take(reviewTimelineLimit)
      .getMany();
  }

  /** The postmortem document of an incident with a review (postmortem.ts). */
  async postmortem(incident: Incident, review: PostIncidentReview): Promise<string> {
    return renderPostmortem({
      incident,
      review,
      timeline: await this.timelineOf(incident.id),
    });
  }

  private async move(
    meta: RequestMeta,
    args: { incidentId: string; expectedVersion: number },
    move: ReviewMove,
    reason: string | null = null,
  ): Promise<PostIncidentReview> {
    return this.dataSource.transaction(async (manager) => {
      const { incident, review } = await this.lockReview(manager, meta, args.incidentId);
      const at = new Date();
      const state = moveReview(review, args.expectedVersion, move, at);
      const published =
        move === 'publish' ? { publishedById: meta.caller.subject, publishedByName: meta.caller.name } : {};
      const saved = await save(manager, review, { ...state, ...published }, at);
      await this.timeline.appendWithin(
        manager,
        incident.id,
        [reviewEntry(moveKinds[move], saved, actorOf(meta.caller), at, reason)],
        meta,
      );
      if (move === 'publish') {
        await appendToOutbox(manager, [reviewPublishedEvent(incident, saved, meta, at)], traceHeaders(meta));
      }
      return saved;
    });
  }

  /** The incident (locked, visible to the caller) and its review; NOT_FOUND when it has none. */
  private async lockReview(
    manager: EntityManager,
    meta: RequestMeta,
    incidentId: string,
  ): Promise<{ incident: Incident; review: PostIncidentReview }> {
    const incident = await lockVisible(manager, meta.caller, incidentId);
    const review = await manager.findOneBy(PostIncidentReview, { incidentId: incident.id });
    if (!review) throw reviewNotFound(incident.id);
    return { incident, review };
  }
}

/** Writes the new state over the version read (the incident row is locked, so it is still that one). */
async function save(
  manager: EntityManager,
  before: PostIncidentReview,
  state: ReviewState & Partial<Pick<PostIncidentReview, 'publishedById' | 'publishedByName'>>,
  at: Date,
): Promise<PostIncidentReview> {
  const changes = { ...state, updatedAt: at };
  const result = await manager.update(
    PostIncidentReview,
    { incidentId: before.incidentId, version: before.version },
    changes,
  );
  if (result.affected !== 1) throw staleReview(before.version, before.version + 1);
  return manager.create(PostIncidentReview, { ...before, ...changes });
}

/**
 * The root cause the problem service identified for the incident: the latest
 * `problem_root_cause_identified` entry of its timeline (linked-record-entries.ts); null when none.
 */
async function latestProblemRootCause(manager: EntityManager, incidentId: string): Promise<string | null> {
  const [row] = await manager.query<Array<{ rootCause: string | null }>>(
    `SELECT detail->>'rootCause' AS "rootCause" FROM incident_timeline_entry
     WHERE incident_id = $1 AND kind = 'problem_root_cause_identified'
     ORDER BY occurred_at DESC, seq DESC LIMIT 1`,
    [incidentId],
  );
  return row?.rootCause ?? null;
}
