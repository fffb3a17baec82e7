import { z } from 'zod';

export const actorSchema = z.object({
  kind: z.enum(['user', 'system']),
  /** The user's subject (JWT `sub`) or the system component's name. */
  id: z.string().min(1),
});
export type Actor = z.infer<typeof actorSchema>;

/**
 * Every event travels in this envelope. `id` is also the JetStream message id (`Nats-Msg-Id`), so the
 * broker drops a duplicate publish inside its window and consumers use it as their idempotency key.
 */
export const envelopeSchema = z.object({
  id: z.uuid(),
  type: z.string().regex(/^[a-z]+(\.[a-z_]+)+$/),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime({ offset: true }),
  aggregate: z.object({
    type: z.string().min(1),
    id: z.string().min(1),
    /** The aggregate's version after this change; lets order-tolerant consumers drop stale events. */
    version: z.number().int().nonnegative(),
  }),
  actor: actorSchema,
  correlationId: z.string().min(1).max(200),
  data: z.unknown(),
});

export type Envelope<TData = unknown> = Omit<z.infer<typeof envelopeSchema>, 'data'> & { data: TData };
