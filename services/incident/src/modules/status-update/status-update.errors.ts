import { DomainError } from '@mim/errors';
import { statusUpdateRoles } from './status-update.domain';

export const mayNotPublish = () =>
  new DomainError('FORBIDDEN', `Requires one of the roles: ${statusUpdateRoles.join(', ')}`);

export const nextUpdateInThePast = (at: Date) =>
  new DomainError(
    'BAD_USER_INPUT',
    `Invalid input: nextUpdateDueAt must be in the future (${at.toISOString()})`,
    { fields: [{ path: 'nextUpdateDueAt', message: 'must be in the future' }] },
  );
