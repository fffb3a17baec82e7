import {
  type Actor,
  type ChangeState,
  type Decision,
  assertMayEnter,
  assertTransition,
  assertVersion,
  decided,
  moved,
} from '../change-request/change-request.domain';

/** The post-implementation review (DOMAIN.md, stage 4): was the fix effective, and what follows up. */
export interface ReviewInput {
  effective: boolean;
  summary: string;
  /** Actions still to take (a monitoring check, documentation, a problem to reopen), in order. */
  followUps: string[];
}

export interface Review extends ReviewInput {
  reviewedById: string;
  reviewedAt: Date;
}

export interface RecordedReview<TState extends ChangeState> extends Decision<TState> {
  review: Review;
}

/**
 * Records the review of an IMPLEMENTED, FAILED or ROLLED_BACK change, by technical staff (responsible)
 * or the change manager (accountable); moves it to REVIEWED. Checks the expected version, then the
 * transition, then the actor. Facts: the move to REVIEWED, then the review.
 */
export function recordReview<TState extends ChangeState>(
  state: TState,
  actor: Actor,
  expectedVersion: number,
  input: ReviewInput,
  at: Date,
): RecordedReview<TState> {
  assertVersion(expectedVersion, state.version);
  assertTransition(state.type, state.status, 'REVIEWED');
  assertMayEnter(actor, 'REVIEWED');
  const review: Review = {
    ...input,
    followUps: [...input.followUps],
    reviewedById: actor.subject,
    reviewedAt: at,
  };
  return {
    ...decided(state, [
      moved(state.status, 'REVIEWED'),
      { type: 'reviewed', effective: input.effective, summary: input.summary },
    ]),
    review,
  };
}
