import { DomainError } from '@mim/errors';
import type { NotificationStatus } from '../notification/notification.vocabulary';

export const deliveryNotFound = (id: string) =>
  new DomainError('NOT_FOUND', `Notification ${id} not found`, { notificationId: id });

export const notDeadLettered = (id: string, status: NotificationStatus) =>
  new DomainError(
    'NOTIFICATION_NOT_DEAD_LETTERED',
    `Notification ${id} is ${status}, not DEAD_LETTERED: only a dead-lettered delivery can be resent`,
    { notificationId: id, status },
  );
