import { z } from 'zod';

/** When incidents make a major incident candidate (mi-candidate.domain.ts). */
export interface CandidatePolicy {
  /** At least this many incidents (the new one included)... */
  threshold: number;
  /** ...arriving (reported) within this many minutes... */
  windowMinutes: number;
  /** ...on one affected service, or with a trigram similarity of title + symptoms at least this (0..1). */
  similarity: number;
}

export const defaultCandidatePolicy: CandidatePolicy = { threshold: 5, windowMinutes: 15, similarity: 0.4 };

/**
 * The candidate detection variables, to spread into the service's env schema:
 * - MI_CANDIDATE_THRESHOLD: incidents that make a flood (5);
 * - MI_CANDIDATE_WINDOW_MINUTES: the window they arrive in (15, the source's example);
 * - MI_CANDIDATE_SIMILARITY: pg_trgm similarity from which two texts are "the same problem" (0.4).
 */
export const miCandidateEnvShape = {
  MI_CANDIDATE_THRESHOLD: z.coerce.number().int().min(2).max(1_000).default(defaultCandidatePolicy.threshold),
  MI_CANDIDATE_WINDOW_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(1_440)
    .default(defaultCandidatePolicy.windowMinutes),
  MI_CANDIDATE_SIMILARITY: z.coerce.number().gt(0).max(1).default(defaultCandidatePolicy.similarity),
};

export function candidatePolicyFromEnv(env: {
  MI_CANDIDATE_THRESHOLD: number;
  MI_CANDIDATE_WINDOW_MINUTES: number;
  MI_CANDIDATE_SIMILARITY: number;
}): CandidatePolicy {
  return {
    threshold: env.MI_CANDIDATE_THRESHOLD,
    windowMinutes: env.MI_CANDIDATE_WINDOW_MINUTES,
    similarity: env.MI_CANDIDATE_SIMILARITY,
  };
}
