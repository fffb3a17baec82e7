import { type Priority, prioritySchema } from '@mim/contracts';
import { DomainError } from '@mim/errors';
import { isUuid } from '@mim/service-kit';

export const incidentSorts = ['NEWEST', 'OLDEST', 'PRIORITY'] as const;
export type IncidentSort = (typeof incidentSorts)[number];

/** Where a page ends in a list sorted one way; the next page starts after it. */
export interface ListPosition {
  sort: IncidentSort;
  reportedAt: string;
  id: string;
  /** PRIORITY only. */
  priority: Priority | null;
}

/**
 * Opaque cursors: base64url of the JSON `[sort, reportedAt, id]`, plus the priority for PRIORITY. The
 * sort is inside so a cursor of one order is refused in another instead of skipping rows.
 */
export function encodeListCursor(
  sort: IncidentSort,
  row: { reportedAt: Date; id: string; priority: Priority },
): string {
  const position: unknown[] = [sort, row.reportedAt.toISOString(), row.id];
  if (sort === 'PRIORITY') position.push(row.priority);
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

export function decodeListCursor(sort: IncidentSort, cursor: string): ListPosition {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed)) throw new Error('not an array');
    const [cursorSort, reportedAt, id, priority] = parsed as unknown[];
    if (
      cursorSort !== sort ||
      typeof reportedAt !== 'string' ||
      Number.isNaN(Date.parse(reportedAt)) ||
      typeof id !== 'string' ||
      !isUuid(id)
    ) {
      throw new Error('bad cursor');
    }
    if (sort !== 'PRIORITY')
      return { sort, reportedAt: new Date(reportedAt).toISOString(), id, priority: null };
    return {
      sort,
      reportedAt: new Date(reportedAt).toISOString(),
      id,
      priority: prioritySchema.parse(priority),
    };
  } catch {
    throw new DomainError('BAD_USER_INPUT', 'Invalid pagination cursor', {
      fields: [{ path: 'after', message: `invalid cursor for the ${sort} order` }],
    });
  }
}

/**
 * The ORDER BY of each sort and the keyset condition "after this position" in the same order, as SQL
 * over the alias `incident`. Every order ends with the id, so positions are total.
 */
export function keysetOf(sort: IncidentSort): {
  orderBy: Array<[column: string, direction: 'ASC' | 'DESC']>;
  after: string;
} {
  switch (sort) {
    case 'NEWEST':
      return {
        orderBy: [
          ['incident.reported_at', 'DESC'],
          ['incident.id', 'DESC'],
        ],
        after: '(incident.reported_at, incident.id) < (:afterAt, :afterId)',
      };
    case 'OLDEST':
      return {
        orderBy: [
          ['incident.reported_at', 'ASC'],
          ['incident.id', 'ASC'],
        ],
        after: '(incident.reported_at, incident.id) > (:afterAt, :afterId)',
      };
    case 'PRIORITY':
      // P1 < P2 < ... as text, so ascending text order is the urgent first.
      return {
        orderBy: [
          ['incident.priority', 'ASC'],
          ['incident.reported_at', 'DESC'],
          ['incident.id', 'DESC'],
        ],
        after:
          '(incident.priority > :afterPriority OR (incident.priority = :afterPriority AND ' +
          '(incident.reported_at, incident.id) < (:afterAt, :afterId)))',
      };
  }
}
