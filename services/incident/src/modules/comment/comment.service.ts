import { randomUUID } from 'node:crypto';
import type { Caller } from '@mim/auth';
import { incidentCommentedV1 } from '@mim/contracts';
import { appendToOutbox, newEvent } from '@mim/messaging';
import { type RequestMeta, eventActor, isUuid, parseInput, traceHeaders } from '@mim/service-kit';
import { type DataSource, type EntityManager, In } from 'typeorm';
import { incidentScope, seesInternal } from '../incident/incident.access';
import { Incident } from '../incident/incident.entity';
import { incidentNotFound } from '../incident/incident.errors';
import { actorOf, commentEntry } from '../incident/incident.history';
import { instantOfAction } from '../import/action-instant';
import { requireImporter } from '../import/import.domain';
import { requirePermission } from '../incident/incident.permissions';
import { isVisibleTo } from '../incident/incident-visibility';
import type { TimelineService } from '../timeline/timeline.service';
import { Comment } from './comment.entity';
import { addCommentInput } from './comment.input';

/**
 * Public comments (the reporter sees them) and internal work notes (staff only). Adding one writes the
 * comment, its timeline entry and incident.commented.v1 in one transaction; it does not change the
 * incident itself (no new version, so nobody's expectedVersion goes stale because of a comment).
 */
export class CommentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly timeline: TimelineService,
  ) {}

  add(meta: RequestMeta, rawInput: unknown): Promise<Comment> {
    return this.dataSource.transaction((manager) => this.addWithin(manager, meta, rawInput));
  }

  /** `add` inside the caller's transaction (email intake: a reply to INC-000123 becomes a comment). */
  async addWithin(manager: EntityManager, meta: RequestMeta, rawInput: unknown): Promise<Comment> {
    const { caller } = meta;
    // Everyone who may add work notes may comment publicly too: check the wider right first.
    requirePermission(caller, 'commentPublicly');
    const input = parseInput(addCommentInput, rawInput);
    if (input.visibility === 'INTERNAL') requirePermission(caller, 'addWorkNote');
    requireImporter(caller, input.at);
    // The lock the timeline takes anyway to number the entry, taken first: comments on one incident
    // queue behind each other and behind a change of it (taking a shared lock, then this one, would
    // deadlock two concurrent comments). It does not block reads, nor rows referencing the incident.
    const incident = isUuid(input.incidentId)
      ? await manager
          .getRepository(Incident)
          .findOne({ where: { id: input.incidentId }, lock: { mode: 'for_no_key_update' } })
      : null;
    if (!incident || !(await isVisibleTo(manager, caller, incident))) {
      throw incidentNotFound(input.incidentId);
    }
    const at = await instantOfAction(manager, caller, incident, input.at);
    const comment = manager.create(Comment, {
      id: randomUUID(),
      incidentId: incident.id,
      visibility: input.visibility,
      body: input.body,
      authorId: caller.subject,
      authorName: caller.name,
      createdAt: at,
    });
    await manager.insert(Comment, comment);
    await this.timeline.appendWithin(
      manager,
      incident.id,
      [commentEntry(comment, actorOf(caller), at)],
      meta,
    );
    const event = newEvent(incidentCommentedV1, {
      aggregateId: incident.id,
      aggregateVersion: incident.version,
      actor: eventActor(caller),
      correlationId: meta.correlationId,
      occurredAt: at,
      data: {
        incidentId: incident.id,
        number: incident.number,
        commentId: comment.id,
        visibility: comment.visibility,
        author: actorOf(caller),
        // Work notes stay inside the incident service.
        body: comment.visibility === 'PUBLIC' ? comment.body : null,
        reporterId: incident.reporterId,
        createdAt: at.toISOString(),
      },
    });
    await appendToOutbox(manager, [event], traceHeaders(meta));
    return comment;
  }

  /**
   * `Incident.comments` for incidents already visible to the caller, oldest first, batched. Work notes
   * for those who see the internal side: staff, and the incident's team (incident.access.ts).
   */
  async visibleByIncidentIds(caller: Caller, incidentIds: readonly string[]): Promise<Comment[][]> {
    const ids = [...new Set(incidentIds.filter(isUuid))];
    const comments = ids.length
      ? await this.dataSource.getRepository(Comment).find({
          where: {
            incidentId: In(ids),
            ...(seesInternal(incidentScope(caller)) ? {} : { visibility: 'PUBLIC' as const }),
          },
          order: { createdAt: 'ASC', id: 'ASC' },
        })
      : [];
    return incidentIds.map((id) => comments.filter((comment) => comment.incidentId === id));
  }
}
