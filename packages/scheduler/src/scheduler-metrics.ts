import { Counter, Histogram, type Registry } from 'prom-client';
import type { JobSettled } from './job-scheduler';

/**
 * Prometheus metrics for a scheduler, registered on the service's registry (the one `/metrics` serves):
 * `mim_scheduled_jobs_total{kind,outcome}` and `mim_scheduled_job_lag_seconds{kind}` (due -> fired).
 * Returns the `onSettled` hook to give `JobScheduler`.
 */
export function schedulerMetrics(registry: Registry): (event: JobSettled) => void {
  const jobs = new Counter({
    name: 'mim_scheduled_jobs_total',
    help: 'Scheduled jobs handled, by outcome (fired, retrying, failed, superseded, interrupted)',
    labelNames: ['kind', 'outcome'],
    registers: [registry],
  });
  const lag = new Histogram({
    name: 'mim_scheduled_job_lag_seconds',
    help: 'Time from a scheduled job being due to its handler committing',
    labelNames: ['kind'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  return (event) => {
    jobs.inc({ kind: event.kind, outcome: event.outcome });
    if (event.outcome === 'fired') lag.observe({ kind: event.kind }, Math.max(0, event.lagMs) / 1000);
  };
}
