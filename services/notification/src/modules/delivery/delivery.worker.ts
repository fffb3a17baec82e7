import type { ServerDeps } from '@mim/service-kit';
import type { NotificationEnv } from '../../env';
import { DeliveryDispatcher, type DeliveryDispatcherOptions } from './delivery.dispatcher';
import { deliveryMetrics } from './delivery.metrics';
import { EmailSender } from './email.sender';
import { WebhookSender } from './webhook.sender';

/** The service's dispatcher (its `workers`), configured from the env; tests may override any option. */
export function createDeliveryDispatcher(
  deps: Pick<ServerDeps<NotificationEnv>, 'env' | 'dataSource' | 'logger' | 'metrics'>,
  overrides: Partial<DeliveryDispatcherOptions> = {},
): DeliveryDispatcher {
  const { env } = deps;
  return new DeliveryDispatcher({
    dataSource: deps.dataSource,
    logger: deps.logger.child({ worker: 'delivery-dispatcher' }),
    senders: {
      EMAIL: new EmailSender({
        smtpUrl: env.SMTP_URL,
        from: env.SMTP_FROM,
        timeoutMs: env.NOTIFICATION_SEND_TIMEOUT_MS,
      }),
      WEBHOOK: new WebhookSender({ timeoutMs: env.NOTIFICATION_SEND_TIMEOUT_MS }),
    },
    retry: {
      maxAttempts: env.NOTIFICATION_MAX_ATTEMPTS,
      baseDelayMs: env.NOTIFICATION_RETRY_BASE_MS,
      maxDelayMs: env.NOTIFICATION_RETRY_MAX_MS,
    },
    concurrency: env.NOTIFICATION_SEND_CONCURRENCY,
    leaseMs: env.NOTIFICATION_SEND_LEASE_MS,
    metrics: deliveryMetrics(deps.metrics.registry),
    ...overrides,
  });
}
