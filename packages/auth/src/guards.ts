import { DomainError } from '@mim/errors';
import type { Caller } from './caller';
import type { Role } from './roles';

export function requireCaller(caller: Caller | null): Caller {
  if (!caller) throw new DomainError('UNAUTHENTICATED', 'Authentication required');
  return caller;
}

export function hasRole(caller: Caller, ...allowed: readonly Role[]): boolean {
  return caller.roles.includes('admin') || caller.roles.some((role) => allowed.includes(role));
}

export function requireRole(caller: Caller | null, ...allowed: readonly Role[]): Caller {
  const verified = requireCaller(caller);
  if (!hasRole(verified, ...allowed)) {
    throw new DomainError('FORBIDDEN', `Requires one of the roles: ${allowed.join(', ')}`);
  }
  return verified;
}
