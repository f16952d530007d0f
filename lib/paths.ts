import { fileURLToPath } from 'node:url';

/** Absolute path of the repository root; route handler entries in `functions/routes.ts` are relative to it. */
export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
