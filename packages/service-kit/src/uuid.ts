const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * True for a UUID in any case. Ids from clients are checked before they reach a `uuid` column, so a
 * malformed one finds nothing instead of failing the query.
 */
export function isUuid(value: string): boolean {
  return uuidPattern.test(value);
}
