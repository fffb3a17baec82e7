import { DomainError } from '@mim/errors';
import { isUuid } from './uuid';

/** A position in a newest-first list: the row's timestamp (ISO-8601) and id, the tie-breaker. */
export interface KeysetPosition {
  at: string;
  id: string;
}

/** An opaque cursor: base64url of the JSON `[isoTimestamp, id]`. */
export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');
}

/** The position of a cursor from `encodeCursor`; anything else is BAD_USER_INPUT on `after`. */
export function decodeCursor(cursor: string): KeysetPosition {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof at !== 'string' || Number.isNaN(Date.parse(at)) || typeof id !== 'string' || !isUuid(id)) {
      throw new Error('bad cursor');
    }
    return { at, id };
  } catch {
    throw new DomainError('BAD_USER_INPUT', 'Invalid pagination cursor', {
      fields: [{ path: 'after', message: 'invalid cursor' }],
    });
  }
}
