import type { Impact, Priority, Urgency } from '@mim/contracts';

/**
 * The usual ITIL matrix: priority = impact rank + urgency rank - 1, capped at P5.
 *
 * | impact \ urgency | CRITICAL | HIGH | MEDIUM | LOW |
 * |------------------|----------|------|--------|-----|
 * | EXTENSIVE        | P1       | P2   | P3     | P4  |
 * | SIGNIFICANT      | P2       | P3   | P4     | P5  |
 * | MODERATE         | P3       | P4   | P5     | P5  |
 * | MINOR            | P4       | P5   | P5     | P5  |
 */
export type PriorityMatrix = Record<Impact, Record<Urgency, Priority>>;

export const defaultPriorityMatrix: PriorityMatrix = {
  EXTENSIVE: { CRITICAL: 'P1', HIGH: 'P2', MEDIUM: 'P3', LOW: 'P4' },
  SIGNIFICANT: { CRITICAL: 'P2', HIGH: 'P3', MEDIUM: 'P4', LOW: 'P5' },
  MODERATE: { CRITICAL: 'P3', HIGH: 'P4', MEDIUM: 'P5', LOW: 'P5' },
  MINOR: { CRITICAL: 'P4', HIGH: 'P5', MEDIUM: 'P5', LOW: 'P5' },
};

export function priorityOf(
  impact: Impact,
  urgency: Urgency,
  matrix: PriorityMatrix = defaultPriorityMatrix,
): Priority {
  return matrix[impact][urgency];
}
