export { roles, roleSchema, type Role } from './roles';
export { type Caller, systemCaller } from './caller';
export { createTokenVerifier, type TokenVerifier, type TokenVerifierOptions } from './token-verifier';
export { signDevelopmentToken, type DevelopmentTokenClaims } from './development-token';
export { bearerToken } from './bearer-token';
export { requireCaller, requireRole, hasRole } from './guards';
export { staffRoles, isStaff } from './staff';
