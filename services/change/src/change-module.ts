import type { DataSource } from 'typeorm';
import type { ChangeEnv } from './env';
import { ChangeApprovalService } from './modules/change-approval/change-approval.service';
import { ChangeConflictService } from './modules/change-conflict/change-conflict.service';
import { ChangeRequestService } from './modules/change-request/change-request.service';
import { ChangeUpdater } from './modules/change-request/change-updater';
import { ChangeReviewService } from './modules/change-review/change-review.service';
import { FreezePeriodService } from './modules/freeze-period/freeze-period.service';
import { StandardChangeTemplateService } from './modules/standard-change-template/standard-change-template.service';

/** Every use case of the change service, wired once per process. */
export interface ChangeModule {
  /** Raising, submitting and moving change requests; reads, and the links to incidents and problems. */
  changes: ChangeRequestService;
  /** Approvers' decisions (change advisory board, emergency board). */
  approvals: ChangeApprovalService;
  /** Post-implementation reviews. */
  reviews: ChangeReviewService;
  /** Collisions on the change calendar. */
  conflicts: ChangeConflictService;
  /** Freeze periods of the change calendar. */
  freezes: FreezePeriodService;
  /** The catalogue of standard change templates, and standard changes made from them. */
  templates: StandardChangeTemplateService;
}

export type ChangeModuleConfig = Pick<ChangeEnv, 'CHANGE_NUMBER_PREFIX' | 'CHANGE_CAB_QUORUM'>;

/** The composition root of the use cases. */
export function createChangeModule(dataSource: DataSource, env: ChangeModuleConfig): ChangeModule {
  const updater = new ChangeUpdater(dataSource);
  const freezes = new FreezePeriodService(dataSource);
  const conflicts = new ChangeConflictService(dataSource);
  const changes = new ChangeRequestService(
    dataSource,
    { numberPrefix: env.CHANGE_NUMBER_PREFIX, cabQuorum: env.CHANGE_CAB_QUORUM },
    { updater, freezes, conflicts },
  );
  return {
    changes,
    approvals: new ChangeApprovalService(dataSource, updater),
    reviews: new ChangeReviewService(updater),
    conflicts,
    freezes,
    templates: new StandardChangeTemplateService(dataSource, changes),
  };
}
