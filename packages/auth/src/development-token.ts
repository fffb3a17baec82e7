import { SignJWT } from 'jose';
import type { Role } from './roles';

export interface DevelopmentTokenClaims {
  subject: string;
  name?: string;
  email?: string;
  roles: readonly Role[];
  /** Lifetime; a duration string understood by jose ('1h', '15m') or seconds. */
  expiresIn?: string | number;
}

/**
 * Signs an HS256 token for local development and tests (`npm start` prints one per role). Production
 * tokens come from the identity provider and are verified through its JWKS.
 */
export async function signDevelopmentToken(
  claims: DevelopmentTokenClaims,
  config: { secret: string; issuer: string; audience: string },
): Promise<string> {
  const jwt = new SignJWT({
    roles: claims.roles,
    ...(claims.name ? { name: claims.name } : {}),
    ...(claims.email ? { email: claims.email } : {}),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.subject)
    .setIssuer(config.issuer)
    .setAudience(config.audience)
    .setIssuedAt();
  const expiresIn = claims.expiresIn ?? '12h';
  jwt.setExpirationTime(
    typeof expiresIn === 'number' ? Math.floor(Date.now() / 1000) + expiresIn : expiresIn,
  );
  return jwt.sign(new TextEncoder().encode(config.secret));
}
