import { requireRole } from '@mim/auth';
import { type RequestMeta, parseInput } from '@mim/service-kit';
import { type DataSource, In } from 'typeorm';
import { cabRoles } from '../change-request/change-request.access';
import type { ChangeRequest } from '../change-request/change-request.entity';
import type { ChangeUpdater } from '../change-request/change-updater';
import { recordApproval } from './change-approval.domain';
import { ChangeApproval } from './change-approval.entity';
import { recordChangeApprovalInput } from './change-approval.input';

/** The approvers' decisions on change requests (change advisory board, emergency board). */
export class ChangeApprovalService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly updater: ChangeUpdater,
  ) {}

  /**
   * Records one decision (change.approval_recorded.v1) and, when the rule decides, moves the change to
   * APPROVED or REJECTED (change.status_changed.v1), in one transaction.
   */
  async record(meta: RequestMeta, rawInput: unknown): Promise<ChangeRequest> {
    requireRole(meta.caller, ...cabRoles);
    const input = parseInput(recordChangeApprovalInput, rawInput);
    return this.updater.update(meta, input.id, async (change, manager, at) => {
      const votes = await manager.getRepository(ChangeApproval).find({
        where: { changeId: change.id },
        order: { decidedAt: 'ASC' },
      });
      const { state, facts, vote } = recordApproval(
        change,
        votes,
        meta.caller,
        input.expectedVersion,
        input.decision,
      );
      return {
        changes: { status: state.status, version: state.version },
        facts,
        alsoWrite: async (within) => {
          await within.insert(ChangeApproval, {
            ...vote,
            changeId: change.id,
            comment: input.comment,
            decidedAt: at,
          });
        },
      };
    });
  }

  /** `ChangeRequest.approvals` of a page of changes (already access-checked), oldest decision first. */
  async approvalsOf(changeIds: readonly string[]): Promise<ChangeApproval[][]> {
    const approvals = await this.dataSource.getRepository(ChangeApproval).find({
      where: { changeId: In([...changeIds]) },
      order: { decidedAt: 'ASC', approverId: 'ASC' },
    });
    return changeIds.map((id) => approvals.filter((approval) => approval.changeId === id));
  }
}
