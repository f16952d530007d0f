import { monotonicFactory } from 'ulid';

/** ULIDs: unique, sortable by creation time, safe in keys (no separator characters). */
export const newId = monotonicFactory();
