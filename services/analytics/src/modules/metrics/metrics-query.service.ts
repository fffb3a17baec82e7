import type { Caller } from '@mim/auth';
import { parseInput } from '@mim/service-kit';
import type { FactStore } from './fact-store';
import { metricsCsv } from './metrics-csv';
import { type MetricsAnswer, type MetricsLimits, runMetricsQuery } from './metrics-query.domain';
import { type MetricsQueryInput, metricsQueryInput } from './metrics-query.input';
import { requireReportingRole } from './metrics.access';

export interface MetricsResult extends MetricsAnswer {
  /** When the store last caught up with PostgreSQL. */
  asOf: Date;
}

/** `metrics` and `metricsCsv`: reporting roles only, validated input, answered from the fact store. */
export class MetricsQueryService {
  constructor(
    private readonly store: Pick<FactStore, 'facts' | 'asOf'>,
    private readonly limits: MetricsLimits,
    private readonly now: () => Date = () => new Date(),
  ) {}

  metrics(caller: Caller, args: MetricsQueryInput): MetricsResult {
    requireReportingRole(caller);
    const input = parseInput(metricsQueryInput, args);
    const now = this.now();
    const answer = runMetricsQuery(
      this.store.facts,
      { ...input.range, filter: input.filter, groupBy: input.groupBy, interval: input.interval, now },
      this.limits,
    );
    return { ...answer, asOf: this.store.asOf ?? now };
  }

  metricsCsv(caller: Caller, args: MetricsQueryInput): string {
    return metricsCsv(this.metrics(caller, args));
  }
}
