import { requireRole } from '@mim/auth';
import { type RequestMeta, parseInput } from '@mim/service-kit';
import { reviewerRoles } from '../change-request/change-request.access';
import type { ChangeRequest } from '../change-request/change-request.entity';
import type { ChangeUpdater } from '../change-request/change-updater';
import { type Review, recordReview } from './change-review.domain';
import { recordReviewInput } from './change-review.input';

/** The post-implementation review of a change: was the fix effective? */
export class ChangeReviewService {
  constructor(private readonly updater: ChangeUpdater) {}

  /** Records the review, moves the change to REVIEWED: change.status_changed.v1 then change.reviewed.v1. */
  async record(meta: RequestMeta, rawInput: unknown): Promise<ChangeRequest> {
    requireRole(meta.caller, ...reviewerRoles);
    const input = parseInput(recordReviewInput, rawInput);
    return this.updater.update(meta, input.id, (change, _manager, at) => {
      const { state, facts, review } = recordReview(change, meta.caller, input.expectedVersion, input, at);
      return Promise.resolve({
        changes: {
          status: state.status,
          version: state.version,
          reviewEffective: review.effective,
          reviewSummary: review.summary,
          reviewFollowUps: review.followUps,
          reviewedById: review.reviewedById,
          reviewedAt: review.reviewedAt,
        },
        facts,
      });
    });
  }
}

/** `ChangeRequest.review`: null until it is recorded. */
export function reviewOf(change: ChangeRequest): Review | null {
  if (
    change.reviewEffective === null ||
    change.reviewSummary === null ||
    !change.reviewedById ||
    !change.reviewedAt
  ) {
    return null;
  }
  return {
    effective: change.reviewEffective,
    summary: change.reviewSummary,
    followUps: change.reviewFollowUps ?? [],
    reviewedById: change.reviewedById,
    reviewedAt: change.reviewedAt,
  };
}
