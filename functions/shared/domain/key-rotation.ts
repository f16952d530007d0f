/**
 * The rules of data key rotation (docs/encryption.md), free of AWS types: when a salon's key is due,
 * when a re-encryption may prove that no value uses an old version any more, and which old versions
 * may then be deleted.
 */

/** A salon's current key version older than this is rotated by the schedule. The one place the age is set. */
export const KEY_ROTATION_MAX_AGE_DAYS = 90;

/**
 * The longest a cipher loaded before a rotation can still encrypt: the keyring's cache period (it reloads
 * after that) plus the longest Lambda invocation (one that loaded it just before its period ended).
 */
export const LONGEST_INVOCATION_MS = 15 * 60_000;

/** Version 1 is the root of the salon's blind index (crypto/fields.ts), so it is kept while the salon exists. */
export const INDEX_ROOT_VERSION = 1;

const DAY_MS = 86_400_000;

/** True when the current version was created at least the rotation age ago. */
export function rotationDue(currentCreatedAt: string, now: Date, maxAgeDays = KEY_ROTATION_MAX_AGE_DAYS): boolean {
  return now.getTime() - new Date(currentCreatedAt).getTime() >= maxAgeDays * DAY_MS;
}

/** Creation time before which a current key is due (the schedule's Query bound). */
export const dueBefore = (now: Date, maxAgeDays = KEY_ROTATION_MAX_AGE_DAYS): Date =>
  new Date(now.getTime() - maxAgeDays * DAY_MS);

/**
 * From this instant no container writes under a version older than the rotation's: a pass of the whole
 * partition that starts after it and finds no old value proves that nothing uses the old versions.
 */
export function quietAfter(rotatedAt: Date, cacheMs: number): Date {
  return new Date(rotatedAt.getTime() + cacheMs + LONGEST_INVOCATION_MS);
}

/** The old versions a converged re-encryption to `target` lets go: all below it but the index root. */
export function retirableVersions(versions: ReadonlyArray<number>, target: number): number[] {
  return versions.filter((v) => v < target && v !== INDEX_ROOT_VERSION).sort((a, b) => a - b);
}
