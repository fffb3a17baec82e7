/** Extracts the token of an `Authorization: Bearer <token>` header; anything else is no token. */
export function bearerToken(header: string | undefined | null): string | null {
  if (!header) return null;
  const match = /^Bearer\s+([A-Za-z0-9\-_.~+/]+=*)$/i.exec(header.trim());
  return match?.[1] ?? null;
}
