import type { EntityManager } from 'typeorm';

/**
 * The PostgreSQL channel the dispatcher LISTENs on. Whoever makes a delivery due (the planner inserting
 * PENDING rows, an operator's resend) calls `notifyDeliveryDispatcher` in the same transaction: the
 * notification is delivered at commit, never for a rolled-back transaction, and wakes a sleeping
 * dispatcher at once instead of at the end of its capped sleep.
 */
export const deliveryChannel = 'notification_delivery';

export async function notifyDeliveryDispatcher(manager: EntityManager): Promise<void> {
  await manager.query(`SELECT pg_notify($1, '')`, [deliveryChannel]);
}
