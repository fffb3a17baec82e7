import { stringify } from 'csv-stringify/sync';
import type { DowntimeStats, DurationStats, MetricsAnswer, MetricsPoint } from './metrics-query.domain';

const stats = ['count', 'mean', 'p50', 'p90', 'p95'] as const;

/**
 * A metrics answer as CSV for spreadsheets: one row per (series, point), then one total row per series
 * (period_start and period_end the range's). Columns: the group dimensions (lower case), period_start,
 * period_end, incidents, major_incidents, mtta_*, mttr_*, mttd_* (count, mean, p50, p90, p95),
 * downtime_* (count, total, mean, p50, p90, p95; major incidents), mtbf_seconds, sla_first_response_pct,
 * sla_resolution_pct. Empty cells are unknown figures. A cell starting with = + - or @ gets a leading '
 * so no spreadsheet runs it as a formula (service and team names are free text).
 */
export function metricsCsv(answer: Pick<MetricsAnswer, 'groupBy' | 'series'>): string {
  const header = [
    ...answer.groupBy.map((dimension) => dimension.toLowerCase()),
    'period_start',
    'period_end',
    'incidents',
    'major_incidents',
    ...['mtta', 'mttr', 'mttd'].flatMap((metric) => stats.map((stat) => `${metric}_${stat}`)),
    'downtime_count',
    'downtime_total',
    ...stats.slice(1).map((stat) => `downtime_${stat}`),
    'mtbf_seconds',
    'sla_first_response_pct',
    'sla_resolution_pct',
  ];
  const rows = answer.series.flatMap((series) => {
    const key = series.key.map((entry) => entry.value);
    return [...series.points, series.total].map((point) => [...key, ...pointCells(point)]);
  });
  return stringify([header, ...rows], {
    cast: { string: neutraliseFormula },
    record_delimiter: 'unix',
  });
}

function pointCells(point: MetricsPoint): Array<string | number | null> {
  return [
    point.periodStart.toISOString(),
    point.periodEnd.toISOString(),
    point.incidents,
    point.majorIncidents,
    ...durationCells(point.timeToAcknowledge),
    ...durationCells(point.timeToResolve),
    ...durationCells(point.timeToDetect),
    ...downtimeCells(point.majorIncidentDowntime),
    point.mtbfSeconds,
    point.firstResponseSlaPercent,
    point.resolutionSlaPercent,
  ];
}

function durationCells(value: DurationStats): Array<number | null> {
  return [value.count, value.mean, value.p50, value.p90, value.p95];
}

function downtimeCells(value: DowntimeStats): Array<number | null> {
  return [value.count, value.total, value.mean, value.p50, value.p90, value.p95];
}

/** Text a spreadsheet would evaluate (=, +, -, @) is prefixed with an apostrophe. */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@]/.test(value) ? `'${value}` : value;
}
