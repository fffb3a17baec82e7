import { type Role, signDevelopmentToken } from '@mim/auth';

export const testAuth = {
  secret: 'test-secret-that-is-long-enough-for-hs256',
  issuer: 'https://auth.mim.test/',
  audience: 'mim-api',
};

export function tokenFor(
  subject: string,
  roles: Role[],
  extra: { name?: string; email?: string; expiresIn?: string | number } = {},
): Promise<string> {
  return signDevelopmentToken({ subject, roles, name: extra.name ?? subject, ...extra }, testAuth);
}
