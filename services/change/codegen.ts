import { entityReference, subgraphCodegenConfig } from '../../codegen.base';

export default subgraphCodegenConfig({
  contextType: '../context#ChangeContext',
  mappers: {
    ChangeRequest: '../modules/change-request/change-request.entity#ChangeRequest as ChangeRequestEntity',
    ChangeSubmission:
      '../modules/change-request/change-request.service#ChangeSubmission as ChangeSubmissionModel',
    ChangeApproval:
      '../modules/change-approval/change-approval.entity#ChangeApproval as ChangeApprovalEntity',
    ChangeConflict:
      '../modules/change-conflict/change-conflict.service#ChangeConflict as ChangeConflictModel',
    ChangeWindow: '../modules/change-request/planned-window#TimeWindow as TimeWindowModel',
    PostImplementationReview: '../modules/change-review/change-review.domain#Review as ReviewModel',
    FreezePeriod: '../modules/freeze-period/freeze-period.entity#FreezePeriod as FreezePeriodEntity',
    StandardChangeTemplate:
      '../modules/standard-change-template/standard-change-template.entity#StandardChangeTemplate as StandardChangeTemplateEntity',
    Incident: entityReference('Incident'),
    Problem: entityReference('Problem'),
  },
});
