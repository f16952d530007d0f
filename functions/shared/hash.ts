import { createHash } from 'node:crypto';

/** SHA-256 of a string, as lower-case hex: how keys, tokens and addresses are stored when only their hash may be. */
export const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');
