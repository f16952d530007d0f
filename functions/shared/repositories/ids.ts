import { monotonicFactory } from 'ulid';

/**
 * ULIDs: unique, sortable by creation time, safe in keys (no separator characters). Making the factory
 * has no side effect: marked so, functions that never create anything do not bundle ulid.
 */
export const newId = /* @__PURE__ */ monotonicFactory();
