import type { Role } from './roles';

/** The verified identity behind a request. Built only from a verified token, never from client headers. */
export interface Caller {
  subject: string;
  name: string;
  email: string | null;
  roles: readonly Role[];
  /** Seconds since the epoch; sockets close when it passes. */
  expiresAt: number;
}

export const systemCaller = (component: string): Caller => ({
  subject: `system:${component}`,
  name: component,
  email: null,
  roles: ['admin'],
  expiresAt: Number.MAX_SAFE_INTEGER,
});
