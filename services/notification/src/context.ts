import type { BaseContext } from '@mim/service-kit';
import DataLoader from 'dataloader';
import type { Notification } from './modules/notification/notification.entity';
import type { NotificationService } from './modules/notification/notification.service';

export interface NotificationContext extends BaseContext {
  notifications: NotificationService;
  /** `_entities` lookups of notifications; results already access-filtered. */
  notificationById: DataLoader<string, Notification | null>;
  /** `Incident.notifications` for many incidents in one query; already filtered to what the caller may see. */
  notificationsByIncidentId: DataLoader<string, Notification[]>;
}

export function buildContext(base: BaseContext, notifications: NotificationService): NotificationContext {
  return {
    ...base,
    notifications,
    notificationById: new DataLoader((ids) => notifications.findVisibleByIds(base.caller, ids)),
    notificationsByIncidentId: new DataLoader((incidentIds) =>
      notifications.deliveryLogs(base.caller, incidentIds),
    ),
  };
}
