import { entityReference, subgraphCodegenConfig } from '../../codegen.base';

export default subgraphCodegenConfig({
  contextType: '../context#NotificationContext',
  mappers: {
    Notification: '../modules/notification/notification.entity#Notification as NotificationEntity',
    Incident: entityReference('Incident'),
    StakeholderGroup: '../modules/stakeholder/stakeholder.entity#StakeholderGroup as StakeholderGroupEntity',
    Stakeholder: '../modules/stakeholder/stakeholder.entity#Stakeholder as StakeholderEntity',
    NotificationRule: '../modules/rule/rule.entity#NotificationRule as NotificationRuleEntity',
  },
});
