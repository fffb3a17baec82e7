export {
  scheduleJob,
  cancelJob,
  retryFailedJob,
  findScheduledJob,
  schedulerChannel,
  type ScheduleJobInput,
  type ScheduledJobView,
} from './schedule-job';
export {
  JobScheduler,
  type JobSchedulerOptions,
  type JobHandler,
  type DueJob,
  type JobOutcome,
  type JobSettled,
} from './job-scheduler';
export { type RetryPolicy, defaultRetryPolicy, retryDelayMs } from './retry-policy';
export { schedulerMetrics } from './scheduler-metrics';
export { ScheduledJob } from './scheduled-job.entity';
export { CreateScheduledJobTable1763900000000 } from './scheduled-job.migration';
export { NotifiedLoop, type NotifiedLoopOptions } from './notified-loop';
