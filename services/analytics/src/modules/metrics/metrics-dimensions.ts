import type { IntakeChannel, Priority, SupportTier } from '@mim/contracts';
import {
  type Dictionary,
  FLAG_MAJOR,
  type FactColumns,
  channelValues,
  priorityValues,
  tierValues,
} from './fact-table';

export const metricsDimensions = [
  'SERVICE',
  'PRIORITY',
  'CATEGORY',
  'CHANNEL',
  'TIER',
  'TEAM',
  'MAJOR',
] as const;
export type MetricsDimension = (typeof metricsDimensions)[number];

/** Filters: AND between fields, OR within a list; a missing or empty list does not filter. */
export interface MetricsFilter {
  /** Incidents affecting at least one of these services. */
  services?: readonly string[] | null;
  priorities?: readonly Priority[] | null;
  categories?: readonly string[] | null;
  channels?: readonly IntakeChannel[] | null;
  tiers?: readonly SupportTier[] | null;
  /** Assignment groups. */
  teams?: readonly string[] | null;
  majorOnly?: boolean | null;
}

/** The value an unknown category, team, tier, priority, channel or service list shows as. */
export const noneValue = '(none)';

/**
 * One dimension over the columns: its codes 0..cardinality-1 (0 is none, or "false" for MAJOR), their
 * labels, and which codes a filter keeps.
 */
export interface DimensionView {
  cardinality: number;
  label(code: number): string;
  /** Per code, 1 when the filter keeps it; null when the dimension is not filtered. */
  allowed: Uint8Array | null;
  /** The code of fact i (SERVICE: unused, its codes come from the service lists). */
  codeOf(i: number): number;
}

export function dimensionView(
  facts: FactColumns,
  dimension: MetricsDimension,
  filter: MetricsFilter,
): DimensionView {
  switch (dimension) {
    case 'SERVICE':
      return dictionaryView(facts.services, filter.services, () => 0);
    case 'CATEGORY':
      return dictionaryView(facts.categories, filter.categories, (i) => facts.category[i]!);
    case 'TEAM':
      return dictionaryView(facts.teams, filter.teams, (i) => facts.team[i]!);
    case 'PRIORITY':
      return enumView(priorityValues, filter.priorities, (i) => facts.priority[i]!);
    case 'CHANNEL':
      return enumView(channelValues, filter.channels, (i) => facts.channel[i]!);
    case 'TIER':
      return enumView(tierValues, filter.tiers, (i) => facts.tier[i]!);
    case 'MAJOR':
      return {
        cardinality: 2,
        label: (code) => (code === 1 ? 'true' : 'false'),
        allowed: filter.majorOnly ? Uint8Array.of(0, 1) : null,
        codeOf: (i) => facts.flags[i]! & FLAG_MAJOR,
      };
  }
}

function dictionaryView(
  dictionary: Dictionary,
  selected: readonly string[] | null | undefined,
  codeOf: (i: number) => number,
): DimensionView {
  const cardinality = dictionary.size;
  return {
    cardinality,
    label: (code) => dictionary.values[code] ?? noneValue,
    allowed: allowedCodes(cardinality, selected, (value) => dictionary.find(value)),
    codeOf,
  };
}

function enumView<T extends string>(
  values: readonly T[],
  selected: readonly T[] | null | undefined,
  codeOf: (i: number) => number,
): DimensionView {
  const cardinality = values.length + 1;
  return {
    cardinality,
    label: (code) => (code === 0 ? noneValue : (values[code - 1] ?? noneValue)),
    allowed: allowedCodes(cardinality, selected, (value) => values.indexOf(value) + 1),
    codeOf,
  };
}

function allowedCodes<T>(
  cardinality: number,
  selected: readonly T[] | null | undefined,
  codeOf: (value: T) => number,
): Uint8Array | null {
  if (!selected || selected.length === 0) return null;
  const allowed = new Uint8Array(cardinality);
  for (const value of selected) {
    const code = codeOf(value);
    if (code > 0) allowed[code] = 1;
  }
  return allowed;
}

/**
 * A grouped dimension's codes renumbered to 0..size-1, keeping only those its filter allows, so the
 * table of series is as small as the estimate the cost guard checked.
 */
export function localCodes(view: DimensionView): { local: Int32Array; size: number } {
  const local = new Int32Array(view.cardinality).fill(-1);
  let size = 0;
  for (let code = 0; code < view.cardinality; code += 1) {
    if (!view.allowed || view.allowed[code]) local[code] = size++;
  }
  return { local, size };
}
