import type { IncidentStatus } from '@mim/contracts';
import {
  notMajor,
  notResolvedYet,
  publishedIsFinal,
  reviewAlreadyStarted,
  reviewIncomplete,
  reviewTransition,
  staleReview,
} from './post-incident-review.errors';

/**
 * The post-incident review of a major incident (DOMAIN.md, stage 4 "maintenance": clear documentation
 * so a similar incident can reuse the proven fix). DRAFT -> IN_REVIEW -> PUBLISHED; IN_REVIEW -> DRAFT
 * sends it back; PUBLISHED is final. Pure: the service stamps times and persists.
 */
export const reviewStatuses = ['DRAFT', 'IN_REVIEW', 'PUBLISHED'] as const;
export type ReviewStatus = (typeof reviewStatuses)[number];

export const followUpStatuses = ['OPEN', 'IN_PROGRESS', 'DONE', 'CANCELLED'] as const;
export type FollowUpStatus = (typeof followUpStatuses)[number];

/** An action that keeps it from happening again: who does what by when. */
export interface FollowUpAction {
  description: string;
  owner: { id: string; name: string };
  /** ISO 8601 instant (stored as JSON). */
  dueAt: string;
  status: FollowUpStatus;
}

/** What the review says. */
export interface ReviewContent {
  summary: string | null;
  impact: string | null;
  affectedServices: string[];
  rootCause: string | null;
  wentWell: string | null;
  wentBadly: string | null;
  followUps: FollowUpAction[];
}

export interface ReviewState extends ReviewContent {
  status: ReviewStatus;
  version: number;
  submittedAt: Date | null;
  publishedAt: Date | null;
}

/** What starting a review reads of its incident. */
export interface ReviewedIncident {
  id: string;
  isMajor: boolean;
  status: IncidentStatus;
  impactStatement: string | null;
  affectedServices: readonly string[];
}

/** A major incident's review is started once it is resolved, and kept after it is closed. */
const reviewableStatuses: readonly IncidentStatus[] = ['RESOLVED', 'CLOSED'];

/**
 * A new DRAFT, prefilled from what is already known: the impact statement of the declaration, the
 * affected services, and the root cause the problem service identified (the latest one on the
 * timeline). Only for a major incident (INVALID_TRANSITION otherwise), RESOLVED or CLOSED, once.
 */
export function startReview(
  incident: ReviewedIncident,
  existing: Pick<ReviewState, 'status'> | null,
  problemRootCause: string | null,
): ReviewState {
  if (!incident.isMajor) throw notMajor(incident.id);
  if (!reviewableStatuses.includes(incident.status)) throw notResolvedYet(incident.status);
  if (existing) throw reviewAlreadyStarted(existing.status);
  return {
    status: 'DRAFT',
    version: 1,
    summary: null,
    impact: incident.impactStatement,
    affectedServices: [...incident.affectedServices],
    rootCause: problemRootCause,
    wentWell: null,
    wentBadly: null,
    followUps: [],
    submittedAt: null,
    publishedAt: null,
  };
}

/** Edits (omitted fields keep their value); a DRAFT or IN_REVIEW review, never a PUBLISHED one. */
export function editReview(
  state: ReviewState,
  expectedVersion: number,
  changes: Partial<ReviewContent>,
): ReviewState {
  if (expectedVersion !== state.version) throw staleReview(expectedVersion, state.version);
  if (state.status === 'PUBLISHED') throw publishedIsFinal();
  const defined = Object.fromEntries(
    Object.entries(changes).filter(([, value]) => value !== undefined),
  ) as Partial<ReviewContent>;
  return { ...state, ...defined, version: state.version + 1 };
}

export type ReviewMove = 'submit' | 'return' | 'publish';

/** Where each move may start and where it leads. */
export const reviewMoves: Record<ReviewMove, { from: readonly ReviewStatus[]; to: ReviewStatus }> = {
  submit: { from: ['DRAFT'], to: 'IN_REVIEW' },
  return: { from: ['IN_REVIEW'], to: 'DRAFT' },
  publish: { from: ['IN_REVIEW'], to: 'PUBLISHED' },
};

/** What a review must say before it is reviewed or published. */
export function missingForReview(content: ReviewContent): string[] {
  const missing: string[] = [];
  if (!content.summary) missing.push('summary');
  if (!content.impact) missing.push('impact');
  if (!content.rootCause) missing.push('rootCause');
  return missing;
}

/**
 * Moves a review: checks the version (CONFLICT), that the move applies (INVALID_TRANSITION; PUBLISHED is
 * final) and, going forward, that summary, impact and root cause are given (INVALID_TRANSITION with
 * `missing`).
 */
export function moveReview(
  state: ReviewState,
  expectedVersion: number,
  move: ReviewMove,
  at: Date,
): ReviewState {
  if (expectedVersion !== state.version) throw staleReview(expectedVersion, state.version);
  const { from, to } = reviewMoves[move];
  if (!from.includes(state.status)) {
    throw reviewTransition(state.status, to, state.status === 'PUBLISHED' ? 'PUBLISHED is final' : undefined);
  }
  if (move !== 'return') {
    const missing = missingForReview(state);
    if (missing.length > 0) throw reviewIncomplete(state.status, to, missing);
  }
  const next: ReviewState = { ...state, status: to, version: state.version + 1 };
  switch (move) {
    case 'submit':
      return { ...next, submittedAt: at };
    case 'return':
      return { ...next, submittedAt: null };
    case 'publish':
      return { ...next, publishedAt: at };
  }
}
