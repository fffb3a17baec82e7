import { DomainError } from '@mim/errors';

/** Someone else's notification is reported as not found, never as forbidden, so ids reveal nothing. */
export const notificationNotFound = (id: string) =>
  new DomainError('NOT_FOUND', `Notification ${id} not found`, { notificationId: id });
