import type { BaseContext } from '@mim/service-kit';
import DataLoader from 'dataloader';
import type { NotificationModule } from './notification-module';
import type { Notification } from './modules/notification/notification.entity';

export interface NotificationContext extends BaseContext, NotificationModule {
  /** `_entities` lookups of notifications; results already access-filtered. */
  notificationById: DataLoader<string, Notification | null>;
  /** `Incident.notifications` for many incidents in one query; already filtered to what the caller may see. */
  notificationsByIncidentId: DataLoader<string, Notification[]>;
}

export function buildContext(base: BaseContext, module: NotificationModule): NotificationContext {
  return {
    ...base,
    ...module,
    notificationById: new DataLoader((ids) => module.notifications.findVisibleByIds(base.caller, ids)),
    notificationsByIncidentId: new DataLoader((incidentIds) =>
      module.notifications.deliveryLogs(base.caller, incidentIds),
    ),
  };
}
