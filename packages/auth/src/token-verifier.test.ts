import { SignJWT, UnsecuredJWT } from 'jose';
import { signDevelopmentToken } from './development-token';
import { createTokenVerifier } from './token-verifier';

const config = { secret: 's'.repeat(40), issuer: 'https://issuer.test/', audience: 'mim-api' };
const verify = createTokenVerifier(config);

describe('token verifier', () => {
  it('accepts a valid token and keeps only known roles', async () => {
    const token = await new SignJWT({ roles: ['major_incident_manager', 'root'], name: 'Grace' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u-1')
      .setIssuer(config.issuer)
      .setAudience(config.audience)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(config.secret));
    const caller = await verify(token);
    expect(caller).toMatchObject({ subject: 'u-1', name: 'Grace', roles: ['major_incident_manager'] });
  });

  it.each([
    [
      'alg none',
      () =>
        new UnsecuredJWT({ roles: ['admin'] })
          .setSubject('x')
          .setIssuer(config.issuer)
          .setAudience(config.audience)
          .setExpirationTime('5m')
          .encode(),
    ],
    [
      'wrong key',
      () => signDevelopmentToken({ subject: 'x', roles: ['admin'] }, { ...config, secret: 'w'.repeat(40) }),
    ],
    [
      'wrong audience',
      () => signDevelopmentToken({ subject: 'x', roles: ['admin'] }, { ...config, audience: 'other' }),
    ],
    [
      'wrong issuer',
      () => signDevelopmentToken({ subject: 'x', roles: ['admin'] }, { ...config, issuer: 'https://evil/' }),
    ],
    ['expired', () => signDevelopmentToken({ subject: 'x', roles: ['admin'], expiresIn: -60 }, config)],
  ])('refuses a token with %s as UNAUTHENTICATED', async (_case, makeToken) => {
    const token = await makeToken();
    await expect(verify(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
