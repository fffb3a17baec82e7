import type { RootCauseMethod } from '@mim/contracts';
import {
  type ProblemState,
  assertOpen,
  assertVersion,
  rootCauseIdentifiedStatuses,
} from '../problem/problem.domain';
import { invalidFields } from '../problem/problem.errors';
import type { RootCauseDetail } from './root-cause.entity';

/** The limits of each method: a chain of whys is short, a fishbone readable, a timeline bounded. */
export const analysisLimits = {
  minWhys: 1,
  maxWhys: 10,
  maxFishboneCategories: 12,
  maxCausesPerCategory: 20,
  maxTimelineEvents: 100,
} as const;

/**
 * The classic Ishikawa categories (people, process, technology and tools, environment, suppliers,
 * measurement). A suggestion for clients: any category name is accepted.
 */
export const classicFishboneCategories = [
  'People',
  'Process',
  'Technology and tools',
  'Environment',
  'Suppliers',
  'Measurement',
] as const;

/** An analysis as a client records it (already trimmed and shape-checked). */
export interface AnalysisInput {
  method: RootCauseMethod;
  whys?: Array<{ question: string; answer: string }> | null;
  fishbone?: Array<{ name: string; causes: string[] }> | null;
  timeline?: Array<{ at: Date; event: string }> | null;
}

export interface FieldProblem {
  path: string;
  message: string;
}

/** The structure each method needs, by the input field that carries it. */
const fieldOf = { FIVE_WHYS: 'whys', FISHBONE: 'fishbone', TIMELINE_ANALYSIS: 'timeline' } as const;

/**
 * The method's structure, checked by the method's rules; every problem is listed. The method's own field
 * is required and the other methods' fields must be absent, so nothing sent is silently dropped.
 */
export function analysisDetail(
  input: AnalysisInput,
): { ok: true; detail: RootCauseDetail } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  for (const [method, field] of Object.entries(fieldOf)) {
    if (method !== input.method && input[field] != null) {
      problems.push({ path: field, message: `is only for the ${method} method` });
    }
  }
  const { detail, problems: methodProblems } = detailOf(input);
  problems.push(...methodProblems);
  return problems.length > 0 || !detail ? { ok: false, problems } : { ok: true, detail };
}

function detailOf(input: AnalysisInput): { detail: RootCauseDetail | null; problems: FieldProblem[] } {
  switch (input.method) {
    case 'FIVE_WHYS':
      return fiveWhys(input.whys ?? []);
    case 'FISHBONE':
      return fishbone(input.fishbone ?? []);
    case 'TIMELINE_ANALYSIS':
      return timeline(input.timeline ?? []);
  }
}

function fiveWhys(whys: NonNullable<AnalysisInput['whys']>) {
  const { minWhys, maxWhys } = analysisLimits;
  if (whys.length < minWhys || whys.length > maxWhys) {
    return {
      detail: null,
      problems: [{ path: 'whys', message: `needs ${minWhys} to ${maxWhys} whys, in order` }],
    };
  }
  return {
    detail: {
      method: 'FIVE_WHYS' as const,
      whys: whys.map(({ question, answer }) => ({ question, answer })),
    },
    problems: [],
  };
}

function fishbone(categories: NonNullable<AnalysisInput['fishbone']>) {
  const { maxFishboneCategories, maxCausesPerCategory } = analysisLimits;
  const problems: FieldProblem[] = [];
  if (categories.length === 0 || categories.length > maxFishboneCategories) {
    problems.push({ path: 'fishbone', message: `needs 1 to ${maxFishboneCategories} categories` });
  }
  const seen = new Set<string>();
  categories.forEach((category, index) => {
    const key = category.name.toLowerCase();
    if (seen.has(key)) problems.push({ path: `fishbone.${index}.name`, message: 'names a category twice' });
    seen.add(key);
    if (category.causes.length > maxCausesPerCategory) {
      problems.push({ path: `fishbone.${index}.causes`, message: `at most ${maxCausesPerCategory} causes` });
    }
  });
  if (categories.length > 0 && categories.every((category) => category.causes.length === 0)) {
    problems.push({ path: 'fishbone', message: 'needs at least one cause in a category' });
  }
  const detail = {
    method: 'FISHBONE' as const,
    categories: categories.map((category) => ({
      name: category.name,
      causes: [...new Set(category.causes)],
    })),
  };
  return { detail: problems.length ? null : detail, problems };
}

function timeline(events: NonNullable<AnalysisInput['timeline']>) {
  const { maxTimelineEvents } = analysisLimits;
  if (events.length === 0 || events.length > maxTimelineEvents) {
    return {
      detail: null,
      problems: [{ path: 'timeline', message: `needs 1 to ${maxTimelineEvents} events` }],
    };
  }
  // Kept oldest first whatever order they were sent in (stable for events at the same instant).
  const ordered = events
    .map((event, index) => ({ ...event, index }))
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.index - b.index);
  return {
    detail: {
      method: 'TIMELINE_ANALYSIS' as const,
      events: ordered.map(({ at, event }) => ({ at: at.toISOString(), event })),
    },
    problems: [],
  };
}

/**
 * Recording (or replacing) a problem's analysis: not on a closed problem; once the root cause is
 * identified its statement may change but not go (move the problem back to UNDER_INVESTIGATION first).
 * `rootCauseChanged`: whether a statement is recorded that differs from the previous one, which is what
 * problem.root_cause_identified.v1 announces.
 */
export function recordAnalysis(
  state: ProblemState,
  expectedVersion: number,
  previousRootCause: string | null,
  rootCause: string | null,
): { version: number; rootCauseChanged: boolean } {
  assertVersion(expectedVersion, state.version);
  assertOpen(state, 'analysed');
  if (!rootCause && rootCauseIdentifiedStatuses.includes(state.status)) {
    throw invalidFields([
      {
        path: 'rootCause',
        message: `is required while the problem is ${state.status}; move it back to UNDER_INVESTIGATION to withdraw it`,
      },
    ]);
  }
  return {
    version: state.version + 1,
    rootCauseChanged: rootCause !== null && rootCause !== previousRootCause,
  };
}
