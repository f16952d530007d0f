import { sha256Hex } from '../hash';

/** Emails compare case-insensitively and without surrounding spaces; stored and looked up this way. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** Key part for an email: hashed, since an address may contain the key separator. */
export const emailKeyHash = (email: string) => sha256Hex(normalizeEmail(email));
