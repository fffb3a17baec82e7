import type { SelectQueryBuilder } from 'typeorm';
import { decodeCursor, encodeCursor } from './keyset-cursor';
import type { PageArgs } from './page-args';

export interface PageInfo {
  endCursor: string | null;
  hasNextPage: boolean;
}

export interface Page<T> {
  nodes: T[];
  pageInfo: PageInfo;
}

/**
 * One page of a newest-first list: orders the query by (timestamp, id) descending, starts after the
 * `after` cursor and reads one row more than asked to learn whether another page follows. Filters and
 * access scope are the caller's, added to the query before. An index on (timestamp DESC, id DESC)
 * serves it.
 */
export async function newestFirstPage<K extends string, T extends { id: string } & Record<K, Date>>(
  query: SelectQueryBuilder<T>,
  args: PageArgs,
  key: {
    /** The timestamp column, e.g. `reported_at`. */
    column: string;
    /** The entity property that holds it, e.g. `reportedAt`. */
    property: K;
  },
): Promise<Page<T>> {
  const alias = query.alias;
  if (args.after) {
    const position = decodeCursor(args.after);
    query.andWhere(`(${alias}.${key.column}, ${alias}.id) < (:keysetAt, :keysetId)`, {
      keysetAt: position.at,
      keysetId: position.id,
    });
  }
  const rows = await query
    .orderBy(`${alias}.${key.column}`, 'DESC')
    .addOrderBy(`${alias}.id`, 'DESC')
    .take(args.first + 1)
    .getMany();
  const nodes = rows.slice(0, args.first);
  const last = nodes.at(-1);
  return {
    nodes,
    pageInfo: {
      endCursor: last ? encodeCursor(last[key.property], last.id) : null,
      hasNextPage: rows.length > args.first,
    },
  };
}
