import type { EntityManager } from 'typeorm';

/**
 * The next human-readable number of a record, e.g. INC-000123: the prefix and the next value of the
 * service's sequence, at least six digits. A rolled-back transaction leaves a gap, never a duplicate.
 */
export async function nextRecordNumber(
  manager: EntityManager,
  sequence: string,
  prefix: string,
): Promise<string> {
  const [{ seq }] = await manager.query<[{ seq: string }]>(`SELECT nextval($1::regclass) AS seq`, [sequence]);
  return `${prefix}-${seq.padStart(6, '0')}`;
}
