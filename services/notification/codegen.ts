import { entityReference, subgraphCodegenConfig } from '../../codegen.base';

export default subgraphCodegenConfig({
  contextType: '../context#NotificationContext',
  mappers: {
    Notification: '../modules/notification/notification.entity#Notification as NotificationEntity',
    Incident: entityReference('Incident'),
  },
});
