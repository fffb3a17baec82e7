import { Registry } from 'prom-client';
import { schedulerMetrics } from './scheduler-metrics';

describe('schedulerMetrics', () => {
  it('counts outcomes by kind and observes the lag of fired jobs only', async () => {
    const registry = new Registry();
    const onSettled = schedulerMetrics(registry);
    onSettled({ kind: 'sla.breach', key: 'k1', outcome: 'fired', attempt: 1, lagMs: 40 });
    onSettled({
      kind: 'sla.breach',
      key: 'k2',
      outcome: 'retrying',
      attempt: 1,
      lagMs: 10,
      error: new Error('x'),
    });
    onSettled({ kind: 'sla.breach', key: 'k2', outcome: 'fired', attempt: 2, lagMs: 1200 });

    const text = await registry.metrics();
    expect(text).toContain('mim_scheduled_jobs_total{kind="sla.breach",outcome="fired"} 2');
    expect(text).toContain('mim_scheduled_jobs_total{kind="sla.breach",outcome="retrying"} 1');
    expect(text).toContain('mim_scheduled_job_lag_seconds_count{kind="sla.breach"} 2');
  });
});
