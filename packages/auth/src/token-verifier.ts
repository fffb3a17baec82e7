import { DomainError } from '@mim/errors';
import {
  createRemoteJWKSet,
  errors as joseErrors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { z } from 'zod';
import type { Caller } from './caller';
import { roleSchema } from './roles';

export interface TokenVerifierOptions {
  issuer: string;
  audience: string;
  /** HS256 shared secret; or */
  secret?: string | undefined;
  /** an identity provider's JWKS endpoint (asymmetric algorithms only). */
  jwksUrl?: string | undefined;
  clockToleranceSeconds?: number;
}

export type TokenVerifier = (token: string) => Promise<Caller>;

const claimsSchema = z.object({
  sub: z.string().min(1),
  exp: z.number(),
  name: z.string().optional(),
  email: z.string().optional(),
  roles: z.array(z.string()).default([]),
});

const asymmetricAlgorithms = ['RS256', 'PS256', 'ES256', 'EdDSA'];

/**
 * Verifies signature, algorithm (an explicit allow-list, so `alg: none` and algorithm confusion are
 * refused), issuer, audience and expiry with `jose`, then maps claims to a Caller. Unknown roles are
 * dropped rather than trusted.
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  let key: Uint8Array | JWTVerifyGetKey;
  let algorithms: string[];
  if (options.jwksUrl) {
    key = createRemoteJWKSet(new URL(options.jwksUrl));
    algorithms = asymmetricAlgorithms;
  } else if (options.secret) {
    key = new TextEncoder().encode(options.secret);
    algorithms = ['HS256'];
  } else {
    throw new Error('createTokenVerifier needs a secret or a jwksUrl');
  }

  return async (token) => {
    let payload: JWTPayload;
    try {
      const verified =
        typeof key === 'function'
          ? await jwtVerify(token, key, verifyOptions(options, algorithms))
          : await jwtVerify(token, key, verifyOptions(options, algorithms));
      payload = verified.payload;
    } catch (error) {
      const reason = error instanceof joseErrors.JWTExpired ? 'token expired' : 'invalid token';
      throw new DomainError('UNAUTHENTICATED', `Authentication failed: ${reason}`);
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) throw new DomainError('UNAUTHENTICATED', 'Authentication failed: malformed claims');
    return {
      subject: claims.data.sub,
      name: claims.data.name ?? claims.data.sub,
      email: claims.data.email ?? null,
      roles: claims.data.roles.flatMap((role) => {
        const parsed = roleSchema.safeParse(role);
        return parsed.success ? [parsed.data] : [];
      }),
      expiresAt: claims.data.exp,
    };
  };
}

function verifyOptions(options: TokenVerifierOptions, algorithms: string[]) {
  return {
    issuer: options.issuer,
    audience: options.audience,
    algorithms,
    requiredClaims: ['exp', 'sub'],
    clockTolerance: options.clockToleranceSeconds ?? 5,
  };
}
