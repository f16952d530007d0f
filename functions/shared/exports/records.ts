/**
 * An item as an export record: its attributes without the storage layout (keys, index keys, entity
 * tag), with `_key` naming it (the sort key), its encrypted fields decrypted through the entity codecs
 * and the salon's cipher, and what must never leave omitted. A value still in the encrypted shape after
 * that means a field nobody taught the export to decrypt: the export fails rather than ship it.
 */
import { FieldCipher, isEncrypted } from '../crypto/fields';
import { isOneOf } from '../domain/closed-lists';
import { LAYOUT_ATTRIBUTES, MESSAGE_OMITTED_FIELDS, type SectionCodec } from '../domain/exports';
import { pendingClientOf, toAppointment } from '../entities/appointment';
import { toClient } from '../entities/client';
import { toAuditEntry } from '../entities/audit';
import { type Item, str } from '../entities/codec';
import { recipientRef } from '../entities/outbox';

export class ExportIntegrityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportIntegrityError';
  }
}

function withoutLayout(item: Item): Record<string, unknown> {
  const out: Record<string, unknown> = { _key: item.SK };
  for (const [k, v] of Object.entries(item)) if (!isOneOf(LAYOUT_ATTRIBUTES, k)) out[k] = v;
  return out;
}

function decrypted(codec: SectionCodec, item: Item, cipher: FieldCipher): Record<string, unknown> {
  const record = withoutLayout(item);
  switch (codec) {
    case 'client': {
      const client = toClient(item, cipher);
      for (const field of ['email', 'phone', 'notes'] as const) if (client[field] !== undefined) record[field] = client[field];
      return record;
    }
    case 'appointment': {
      const appointment = toAppointment(item, cipher);
      if (appointment.notes !== undefined) record.notes = appointment.notes;
      const pending = pendingClientOf(item, cipher);
      if (pending) record.pendingClient = pending;
      return record;
    }
    case 'message': {
      for (const field of MESSAGE_OMITTED_FIELDS) delete record[field];
      const to = item.to;
      if (typeof to === 'string') record.to = cipher.decrypt(recipientRef(str(item, 'message', 'messageId')), to);
      return record;
    }
    case 'audit':
      // Values sealed under a client's own key read as redacted, as in the log's own answers: only that
      // client's export opens them (repositories/client-rights.ts), and an erased client's never open.
      record.changes = toAuditEntry(item).changes;
      return record;
    default:
      return record;
  }
}

/** Every string anywhere in the value, with its path, for the last check. */
function* strings(value: unknown, path: string): Generator<[string, string]> {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* strings(v, `${path}[${i}]`);
  else if (value instanceof Set) for (const v of value) yield* strings(v, `${path}[]`);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* strings(v, `${path}.${k}`);
}

export function exportRecord(codec: SectionCodec, item: Item, cipher: FieldCipher): Record<string, unknown> {
  const record = decrypted(codec, item, cipher);
  for (const [path, value] of strings(record, '')) {
    if (isEncrypted(value)) {
      throw new ExportIntegrityError(`An encrypted value at ${codec}${path} has no decryption in the export`);
    }
  }
  return record;
}

/** The key versions a page's encrypted values use, so the keyring loads any it lacks before decrypting. */
export function keyVersionsOf(items: ReadonlyArray<Item>): Set<number> {
  const versions = new Set<number>();
  for (const item of items)
    for (const [, value] of strings(item, '')) {
      const v = FieldCipher.versionOf(value);
      if (v !== undefined) versions.add(v);
    }
  return versions;
}
