/** Kept apart from token verification so routes that only read the token do not bundle the verifier. */
/** `Bearer <token>`, case-insensitive scheme; anything else is no token at all. */
export function bearerToken(headers: Record<string, string | undefined> | null | undefined): string | undefined {
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (key.toLowerCase() !== 'authorization' || !value) continue;
    const match = /^Bearer\s+([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+)$/i.exec(value.trim());
    return match?.[1];
  }
  return undefined;
}
