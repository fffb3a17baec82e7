import { z } from 'zod';

const booleanString = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

const postgresUrl = z
  .url()
  .refine((value) => /^postgres(ql)?:\/\//.test(value), 'must be a postgres:// or postgresql:// URL');

const natsUrls = z
  .string()
  .min(1)
  .transform((value) => value.split(',').map((url) => url.trim()));

/** Fragments each service composes into its own `env.ts`, so the same variable means the same everywhere. */
export const runtimeEnv = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().default('0.0.0.0'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
});

export const databaseEnv = z.object({
  DATABASE_URL: postgresUrl,
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Migrations run at start-up by default; a platform team may run them as a separate job instead. */
  DATABASE_MIGRATE_ON_START: booleanString.default(true),
});

export const natsEnv = z.object({
  NATS_URL: natsUrls,
  /** Stream and subject prefix are configurable so tests and several environments never collide. */
  EVENTS_STREAM: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('MIM_EVENTS'),
  EVENTS_SUBJECT_PREFIX: z
    .string()
    .regex(/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/)
    .default('mim.events'),
  EVENTS_MAX_DELIVER: z.coerce.number().int().min(1).max(100).default(8),
  EVENTS_ACK_WAIT_MS: z.coerce.number().int().min(100).default(30_000),
  /** Redelivery delays after a failed handling, one per attempt; the last repeats. */
  EVENTS_RETRY_DELAYS_MS: z
    .string()
    .default('1000,5000,30000,120000')
    .transform((value) => value.split(',').map((part) => Number(part.trim())))
    .pipe(z.array(z.number().int().nonnegative()).min(1)),
});

const authFields = z.object({
  AUTH_ISSUER: z.string().min(1).default('https://auth.mim.local/'),
  AUTH_AUDIENCE: z.string().min(1).default('mim-api'),
  /** HS256 shared secret (development, small installs). */
  AUTH_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** An identity provider's JWKS endpoint (RS256/ES256/EdDSA); preferred in production. */
  AUTH_JWKS_URL: z.url().optional(),
});

function requireOneVerificationKey(
  env: { AUTH_JWT_SECRET?: string | undefined; AUTH_JWKS_URL?: string | undefined },
  context: z.RefinementCtx,
) {
  if (env.AUTH_JWT_SECRET === undefined && env.AUTH_JWKS_URL === undefined) {
    context.addIssue({
      code: 'custom',
      message: 'set AUTH_JWT_SECRET or AUTH_JWKS_URL',
      path: ['AUTH_JWT_SECRET'],
    });
  }
}

export const authEnv = authFields.superRefine(requireOneVerificationKey);

/** Auth fields plus the given ones, with the auth check applied last (zod cannot extend a refined object). */
export function withAuthEnv<TShape extends z.ZodRawShape>(shape: TShape) {
  return authFields.extend(shape).superRefine(requireOneVerificationKey);
}

/** The prefix of a service's record numbers (INC-000123), configurable per installation. */
export function recordNumberPrefix(defaultPrefix: string) {
  return z
    .string()
    .regex(/^[A-Z]{2,6}$/)
    .default(defaultPrefix);
}

export function httpEnv(defaultPort: number) {
  return z.object({ PORT: z.coerce.number().int().min(0).max(65535).default(defaultPort) });
}

/** The complete environment of a subgraph service; a service adds its own fields through `extra`. */
export function serviceEnv<TShape extends z.ZodRawShape>(defaultPort: number, extra: TShape) {
  return withAuthEnv({
    ...runtimeEnv.shape,
    ...httpEnv(defaultPort).shape,
    ...databaseEnv.shape,
    ...natsEnv.shape,
    ...extra,
  });
}

export type ServiceEnv = z.output<ReturnType<typeof serviceEnv<Record<never, never>>>>;
