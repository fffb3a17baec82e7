import { type Caller, requireRole } from '@mim/auth';

/** Rebuilding replaces the whole read model: an operation of the platform's administrators (FORBIDDEN otherwise). */
export function requireRebuildRight(caller: Caller | null): Caller {
  return requireRole(caller, 'admin');
}
