/** The salon export's pure rules: the catalog of items, NDJSON parts, the manifest, the lifetime, the records. */
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FieldCipher } from '../../../functions/shared/crypto/fields';
import * as keys from '../../../functions/shared/db/keys';
import {
  EXPORT_SECTIONS,
  FILE_OBJECTS_SECTION,
  buildManifest,
  classifyTenantItem,
  decodeNdjson,
  effectiveStatus,
  encodeNdjson,
  encodePart,
  partName,
  sha256Hex,
} from '../../../functions/shared/domain/exports';
import { ExportIntegrityError, exportRecord } from '../../../functions/shared/exports/records';
import { recipientRef } from '../../../functions/shared/entities/outbox';

const T = '01JTENANTAAAAAAAAAAAAAAAAA';
const ID = '01JABCDEFGHJKMNPQRSTVWXYZ0';

describe('which items an export holds', () => {
  const sk = (k: { SK: string }) => k.SK;
  const exported = (s: string) => {
    const c = classifyTenantItem(s);
    return c.kind === 'exported' ? c.section.name : c.kind;
  };

  it("classifies every kind of item the key schema builds in a salon's partition", () => {
    expect(exported(sk(keys.tenantMetaKey(T)))).toBe('salon');
    expect(exported(sk(keys.serviceKey(T, ID)))).toBe('services');
    expect(exported(sk(keys.staffKey(T, ID)))).toBe('staff');
    expect(exported(sk(keys.membershipKeys(T, ID)))).toBe('members');
    expect(exported(sk(keys.invitationKey(T, ID)))).toBe('invitations');
    expect(exported(sk(keys.clientKey(T, ID)))).toBe('clients');
    expect(exported(sk(keys.appointmentKey(T, ID)))).toBe('appointments');
    expect(exported(sk(keys.fileKey(T, ID)))).toBe('files');
    expect(exported(sk(keys.outboxKey(T, ID)))).toBe('messages');
    expect(exported(sk(keys.usageKey(T)))).toBe('usage');
    expect(exported(sk(keys.monthlyUsageKey(T, '2026-12')))).toBe('monthlyUsage');
    expect(exported(sk(keys.smsUsageKey(T, '2026-12')))).toBe('smsUsage');
    expect(exported(sk(keys.dailyStatsKey(T, '2026-12-03')))).toBe('dailyStats');
    for (const internal of [
      keys.tenantKeyKey(T, 1),
      keys.idempotencyKey(T, 'createClient', 'a'.repeat(64)),
      keys.clientEmailKey(T, 'a'.repeat(64)),
      keys.bookerKey(T, 'a'.repeat(64)),
      keys.invitationEmailKey(T, 'a'.repeat(64)),
      keys.staffUserKey(T, ID),
      keys.staffDayKey(T, '2026-12-03', ID),
      keys.pendingHoldsKey(T, '2026-12-03'),
      keys.reminderSentKey(T, ID, 'P1D'),
      keys.exportKey(T, ID),
      keys.exportLockKey(T),
      keys.subjectKeyKey(T, ID),
      keys.erasureKey(T, ID),
      keys.reencryptionJobKey(T),
    ]) {
      expect(exported(sk(internal)), sk(internal)).toBe('excluded');
    }
  });

  it('an item type nobody classified is not exported (the allowlist)', () => {
    expect(classifyTenantItem('NEWTHING#1').kind).toBe('unknown');
    // A prefix that merely starts like an exported one is not it.
    expect(exported('CLIENTEMAIL#x')).toBe('excluded');
    expect(exported('SALONX')).toBe('unknown');
  });
});

describe('parts', () => {
  it('are NDJSON with sorted keys, one record a line, gzipped deterministically', () => {
    expect(encodeNdjson([{ b: 1, a: { d: [2, { z: 1, y: 2 }], c: undefined } }, { x: 'é' }])).toBe(
      '{"a":{"d":[2,{"y":2,"z":1}]},"b":1}\n{"x":"é"}\n',
    );
    expect(encodeNdjson([])).toBe('');
    const a = encodePart([{ id: 1, name: 'A' }]);
    const b = encodePart([{ name: 'A', id: 1 }]);
    expect(a.sha256).toBe(b.sha256);
    expect(a).toMatchObject({ records: 1, bytes: a.body.length, sha256: sha256Hex(a.body) });
    expect(decodeNdjson(gunzipSync(a.body).toString('utf8'))).toEqual([{ id: 1, name: 'A' }]);
    expect(partName('clients', 12)).toBe('data/clients/part-00012.ndjson.gz');
  });
});

describe('the manifest', () => {
  it('lists every section (empty ones with zero), sums records and bytes per entity, and says what was left out', () => {
    const m = buildManifest(
      { exportId: ID, tenantId: T, createdAt: '2026-12-03T10:00:00.000Z', completedAt: '2026-12-03T10:01:00.000Z' },
      [
        { section: 'clients', name: partName('clients', 1), records: 2, bytes: 40, sha256: 'a' },
        { section: 'clients', name: partName('clients', 2), records: 1, bytes: 30, sha256: 'b' },
        { section: FILE_OBJECTS_SECTION, name: partName(FILE_OBJECTS_SECTION, 1), records: 1, bytes: 20, sha256: 'c' },
      ],
      { count: 1, bytes: 3000 },
    );
    expect(m).toMatchObject({ format: 'rendezvous-salon-export', formatVersion: 1, files: { count: 1, bytes: 3000 } });
    expect(m.entities.clients).toEqual({
      records: 3,
      bytes: 70,
      parts: [
        { name: 'data/clients/part-00001.ndjson.gz', records: 2, bytes: 40, sha256: 'a' },
        { name: 'data/clients/part-00002.ndjson.gz', records: 1, bytes: 30, sha256: 'b' },
      ],
    });
    expect(m.entities.appointments).toEqual({ records: 0, bytes: 0, parts: [] });
    expect(Object.keys(m.entities)).toHaveLength(EXPORT_SECTIONS.length + 1);
    expect(m.excluded.map((x) => x.what)).toEqual(expect.arrayContaining(['wrapped data keys', 'idempotency records']));
    expect(() =>
      buildManifest(
        { exportId: ID, tenantId: T, createdAt: '', completedAt: '' },
        [{ section: 'nope', name: '', records: 0, bytes: 0, sha256: '' }],
        { count: 0, bytes: 0 },
      ),
    ).toThrow();
  });
});

describe('lifetime', () => {
  it('a ready export reads as expired once its day is over', () => {
    const until = '2026-12-04T10:00:00.000Z';
    expect(effectiveStatus('ready', until, Date.parse(until) - 1)).toBe('ready');
    expect(effectiveStatus('ready', until, Date.parse(until))).toBe('expired');
    expect(effectiveStatus('running', undefined, Date.parse(until))).toBe('running');
  });
});

describe('records', () => {
  const cipher = new FieldCipher({ tenantId: T, current: 1, versions: new Map([[1, Buffer.alloc(32, 9)]]) });
  const seal = (entity: string, id: string, field: string, value: string) => cipher.encrypt({ entity, id, field }, value);

  it('decrypt through the codecs, drop the storage layout and never carry message data', () => {
    const client = exportRecord(
      'client',
      {
        PK: `TENANT#${T}`,
        SK: `CLIENT#${ID}`,
        GSI1PK: 'x',
        GSI1SK: 'y',
        entity: 'client',
        clientId: ID,
        name: 'Zoé',
        email: seal('client', ID, 'email', 'zoe@example.test'),
        notes: seal('client', ID, 'notes', 'lavender'),
        notifications: { email: true, sms: true },
        createdAt: 'c',
        updatedAt: 'u',
      },
      cipher,
    );
    expect(client).toEqual({
      _key: `CLIENT#${ID}`,
      clientId: ID,
      name: 'Zoé',
      email: 'zoe@example.test',
      notes: 'lavender',
      notifications: { email: true, sms: true },
      createdAt: 'c',
      updatedAt: 'u',
    });
    const message = exportRecord(
      'message',
      {
        PK: 'p',
        SK: `OUTBOX#${ID}`,
        messageId: ID,
        to: cipher.encrypt(recipientRef(ID), 'zoe@example.test'),
        data: { manageUrl: 'secret' },
        blankAfterSend: true,
      },
      cipher,
    );
    expect(message).toEqual({ _key: `OUTBOX#${ID}`, messageId: ID, to: 'zoe@example.test' });
  });

  it('refuse to ship a value still encrypted (a field the export was not taught to decrypt)', () => {
    expect(() =>
      exportRecord(
        'service',
        { PK: 'p', SK: ID, changes: { email: { to: seal('audit', ID, 'email', 'x@example.test') } } },
        cipher,
      ),
    ).toThrow(ExportIntegrityError);
    // Bound to the item: a value copied from another item fails its tag instead of reading as someone else's.
    expect(() =>
      exportRecord(
        'client',
        {
          PK: 'p',
          SK: 'CLIENT#B',
          clientId: 'B',
          name: 'n',
          email: seal('client', ID, 'email', 'a@b.c'),
          createdAt: 'c',
          updatedAt: 'u',
        },
        cipher,
      ),
    ).toThrow();
  });
});
