import { randomUUID } from 'node:crypto';
import { commentVisibilitySchema } from '@mim/contracts';
import { type Page, pageArgs, parseInput } from '@mim/service-kit';
import type { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { z } from 'zod';
import { jsonHasNoNul, requiredText } from '../../validation';
import { decodeTimelineCursor, defaultVisibility, encodeTimelineCursor } from './timeline.domain';
import { TimelineEntry } from './timeline-entry.entity';

/** What a writer gives for one timeline entry; the rest (id, order, defaults) is filled in. */
export interface TimelineEntryInput {
  /** A lowercase code, e.g. `status_changed`, `alert_resolved`. */
  kind: string;
  /** Who did it: a user id and display name, or a system component (`system:alertmanager`). */
  actor: { id: string; name: string };
  /** One human-readable line. */
  summary: string;
  /** Structured facts, a JSON object. */
  detail?: Record<string, unknown>;
  /** The recording service; `incident` by default. */
  source?: string;
  /** PUBLIC entries are shown to the reporter; by default only the public kinds (timeline.domain.ts). */
  visibility?: 'PUBLIC' | 'INTERNAL';
  /** When it happened; now by default. */
  occurredAt?: Date;
}

const maxDetailBytes = 16_384;

const entryInput = z.object({
  kind: z
    .string()
    .max(100)
    .regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/, 'must be a lowercase code such as status_changed'),
  actor: z.object({ id: requiredText(200), name: requiredText(200) }),
  summary: requiredText(1_000),
  detail: z
    .record(z.string(), z.unknown())
    .default({})
    .refine(jsonHasNoNul, 'must not contain NUL characters')
    .refine(
      (detail) => Buffer.byteLength(JSON.stringify(detail)) <= maxDetailBytes,
      `must be at most ${maxDetailBytes} bytes of JSON`,
    ),
  source: z
    .string()
    .max(50)
    .regex(/^[a-z][a-z0-9_-]*$/, 'must be a lowercase service name')
    .default('incident'),
  visibility: commentVisibilitySchema.optional(),
  occurredAt: z.date().optional(),
});

export const timelinePageArgs = pageArgs;

/** The history of incidents: appended inside the caller's transaction, read oldest first. */
export class TimelineService {
  constructor(private readonly dataSource: DataSource) {}

  /** Appends entries inside the caller's transaction; the incident must exist (the caller checked it). */
  async appendWithin(
    manager: EntityManager,
    incidentId: string,
    entries: readonly TimelineEntryInput[],
  ): Promise<TimelineEntry[]> {
    if (entries.length === 0) return [];
    const now = new Date();
    const rows = entries.map((raw) => {
      const entry = parseInput(entryInput, raw);
      return manager.create(TimelineEntry, {
        id: randomUUID(),
        incidentId,
        occurredAt: entry.occurredAt ?? now,
        kind: entry.kind,
        summary: entry.summary,
        actorId: entry.actor.id,
        actorName: entry.actor.name,
        source: entry.source,
        visibility: entry.visibility ?? defaultVisibility(entry.kind),
        detail: entry.detail,
      });
    });
    // The entities as created; `detail` (any JSON object) is beyond TypeORM's partial-entity typing.
    await manager.insert(TimelineEntry, rows as QueryDeepPartialEntity<TimelineEntry>[]);
    return rows;
  }

  /**
   * One page of an incident's timeline, oldest first, keyed by (occurredAt, seq). The caller checked
   * that the incident is visible; `includeInternal` is false for reporters, who see public entries only.
   */
  async page(incidentId: string, includeInternal: boolean, rawArgs: unknown): Promise<Page<TimelineEntry>> {
    const args = parseInput(timelinePageArgs, rawArgs);
    const query = this.dataSource
      .getRepository(TimelineEntry)
      .createQueryBuilder('entry')
      .where('entry.incident_id = :incidentId', { incidentId });
    if (!includeInternal) query.andWhere(`entry.visibility = 'PUBLIC'`);
    if (args.after) {
      const position = decodeTimelineCursor(args.after);
      query.andWhere('(entry.occurred_at, entry.seq) > (:afterAt::timestamptz, :afterSeq::bigint)', {
        afterAt: position.at,
        afterSeq: position.seq,
      });
    }
    const rows = await query
      .orderBy('entry.occurred_at', 'ASC')
      .addOrderBy('entry.seq', 'ASC')
      .take(args.first + 1)
      .getMany();
    const nodes = rows.slice(0, args.first);
    const last = nodes.at(-1);
    return {
      nodes,
      pageInfo: {
        endCursor: last ? encodeTimelineCursor(last.occurredAt, last.seq) : null,
        hasNextPage: rows.length > args.first,
      },
    };
  }
}
