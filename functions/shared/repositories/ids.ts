import { randomBytes } from 'node:crypto';

/**
 * ULIDs: unique, sortable by creation time, safe in keys (no separator characters). Written here rather
 * than imported: the `ulid` package's node build (2.4 KB minified, with browser PRNG detection) was a
 * tenth of a booking function's overhead; this is the monotonic form we use, in a few lines.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_CHARS = 10;
const RANDOM_CHARS = 16;

let lastTime = -1;
/** The last id's random part, one base-32 digit a number. */
let lastRandom: number[] = [];

/**
 * A new ULID. Within one millisecond (or while the clock stands behind the last id's), the random part
 * of the last one plus one, so ids made in a row still sort in order.
 */
export function newId(now = Date.now()): string {
  if (now > lastTime) {
    lastTime = now;
    // 256 is a multiple of 32: the low five bits of a random byte are uniform.
    lastRandom = [...randomBytes(RANDOM_CHARS)].map((b) => b & 31);
  } else {
    let i = RANDOM_CHARS - 1;
    for (; i >= 0 && lastRandom[i] === 31; i--) lastRandom[i] = 0;
    if (i < 0) throw new Error('ULID random part overflowed within one millisecond');
    lastRandom[i] = (lastRandom[i] ?? 0) + 1;
  }
  return ulidTime(lastTime) + lastRandom.map((d) => ALPHABET.charAt(d)).join('');
}

/** The time part of the ULIDs made at `ms` (10 characters): ids of one millisecond share it, and sort by it. */
export function ulidTime(ms: number): string {
  let time = '';
  for (let t = ms, k = 0; k < TIME_CHARS; k++, t = Math.floor(t / 32)) time = ALPHABET.charAt(t % 32) + time;
  return time;
}

/** The lowest and highest ULID of the milliseconds from `fromMs` to `toMs` (inclusive): a key range. */
export function ulidRange(fromMs: number, toMs: number): { lo: string; hi: string } {
  return { lo: ulidTime(fromMs) + '0'.repeat(RANDOM_CHARS), hi: ulidTime(toMs) + 'Z'.repeat(RANDOM_CHARS) };
}
