import { describe, expect, it } from 'vitest';
import {
  REDACTED,
  auditCsv,
  auditExpiresAt,
  auditNdjson,
  changesOf,
  csvCell,
  patchChanges,
  type AuditEntry,
} from '../../../functions/shared/domain/audit';
import { PLAN_AUDIT_RETENTION_DAYS } from '../../../functions/shared/domain/plans';
import { ulidRange, newId } from '../../../functions/shared/repositories/ids';

const T = '01HZZZZZZZZZZZZZZZZZZZZZZZ';

describe('changesOf', () => {
  it('a create lists every recorded field as `to`, with personal data redacted and bookkeeping left out', () => {
    const changes = changesOf(T, 'client', undefined, {
      clientId: 'C1',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      phone: '+33600000000',
      notes: 'allergic',
      notifications: { email: true, sms: false },
      createdAt: 'x',
      updatedAt: 'y',
      GSI1PK: 'k',
    });
    expect(changes).toEqual({
      clientId: { to: 'C1' },
      name: { to: REDACTED },
      email: { to: REDACTED },
      phone: { to: REDACTED },
      notes: { to: REDACTED },
      notifications: { to: { email: true, sms: false } },
    });
    expect(JSON.stringify(changes)).not.toMatch(/Ada|ada@|\+336|allergic/);
  });

  it('an update lists only the fields that differ, with from and to', () => {
    const before = { name: 'Cut', durationMinutes: 30, price: { amount: 1000, currency: 'EUR' } };
    const after = { durationMinutes: 45, price: { amount: 1000, currency: 'EUR' } };
    expect(changesOf(T, 'service', before, after, { partial: true })).toEqual({ durationMinutes: { from: 30, to: 45 } });
  });

  it('a delete lists what was there as `from`', () => {
    expect(changesOf(T, 'service', { name: 'Cut', durationMinutes: 30 }, undefined)).toEqual({
      durationMinutes: { from: 30 },
      name: { from: 'Cut' },
    });
  });

  it('a patch read without the item records the new values; `null` is a removal', () => {
    expect(patchChanges(T, 'client', { notes: null, name: 'New' })).toEqual({ notes: { to: null }, name: { to: REDACTED } });
    expect(patchChanges(T, 'staff', { name: 'Bo', workingHours: undefined })).toEqual({ name: { to: 'Bo' } });
  });

  it('never records a secret, whatever the resource', () => {
    const changes = changesOf(T, 'tenant', undefined, { manageToken: 'abc', webhookSecret: 's', password: 'p', name: 'Salon' });
    expect(Object.keys(changes)).toEqual(['name']);
  });

  it('a personal field removed from a client is recorded from redacted to null', () => {
    expect(changesOf(T, 'client', { email: 'a@b.c' }, { email: null }, { partial: true })).toEqual({
      email: { from: REDACTED, to: null },
    });
  });
});

describe('retention', () => {
  it('is 30, 90, 365 days and 7 years by plan, counted from the entry', () => {
    expect(PLAN_AUDIT_RETENTION_DAYS).toEqual({ free: 30, starter: 90, professional: 365, enterprise: 2555 });
    const at = new Date('2026-01-01T00:00:00Z');
    const base = at.getTime() / 1000;
    expect(auditExpiresAt('free', at)).toBe(base + 30 * 86_400);
    expect(auditExpiresAt('enterprise', at)).toBe(base + 2555 * 86_400);
  });
});

describe('ULID ranges', () => {
  it('hold exactly the ids made within the instants', () => {
    const t = Date.parse('2026-05-01T10:00:00Z');
    const { lo, hi } = ulidRange(t, t + 1000);
    expect(newId(t) >= lo && newId(t) <= hi).toBe(true);
    expect(newId(t + 1000) <= hi).toBe(true);
    const { hi: before } = ulidRange(0, t - 1);
    expect(lo > before).toBe(true);
  });
});

describe('export files', () => {
  const entry: AuditEntry = {
    auditId: '01J0000000000000000000000A',
    at: '2026-05-01T10:00:00.000Z',
    actor: { userId: 'u-1', email: 'o@x.io', role: 'owner' },
    action: 'update',
    resource: 'service',
    resourceId: '01J0000000000000000000000B',
    changes: { name: { from: 'Cut, "short"', to: '=HYPERLINK()' } },
    userAgent: 'agent\nwith newline',
  };

  it('CSV cells are quoted when they hold a quote, comma or line break, and formulas are defused', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('-2')).toBe("'-2");
  });

  it('CSV: a header and one row per entry, CRLF', () => {
    const csv = auditCsv([entry, { ...entry, actor: { system: 'stripe' }, userAgent: undefined }]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('auditId,at,actorId,actorEmail,actorRole,action,resource,resourceId,changes,ip,userAgent,requestId');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain('u-1,o@x.io,owner,update,service');
    expect(lines[1]).toContain('"{""name"":{""from"":""Cut, \\""short\\"""",""to"":""=HYPERLINK()""}}"');
    expect(lines[1]).toContain('"agent\nwith newline"');
    expect(lines[2]).toContain('system:stripe,,,update');
    expect(lines[3]).toBe('');
  });

  it('NDJSON: one entry a line, parsing back to the entry', () => {
    const out = auditNdjson([entry, entry]).split('\n');
    expect(out).toHaveLength(3);
    expect(JSON.parse(out[0] as string)).toEqual(entry);
  });
});

describe('the entry codec', () => {
  it('reads back what auditItem stores, keys and TTL aside', async () => {
    process.env.TABLE_NAME ??= 'table';
    const { auditEntryOf, auditItem, toAuditEntry } = await import('../../../functions/shared/entities/audit');
    for (const actor of [{ userId: 'u-1', email: 'a@b.c', role: 'admin' as const }, { system: 'stripe' as const }]) {
      const entry = auditEntryOf(
        { tenantId: T, plan: 'starter', actor, ip: '1.2.3.4', requestId: 'r' },
        { action: 'update', resource: 'subscription', resourceId: T, changes: { plan: { from: 'free', to: 'starter' } } },
      );
      const item = auditItem(T, 'starter', entry);
      expect(item).toMatchObject({ PK: `TENANT#${T}#AUDIT`, SK: entry.auditId, GSI1SK: entry.auditId, GSI2SK: entry.auditId });
      expect(item.expiresAt).toBe(auditExpiresAt('starter', new Date(entry.at)));
      expect(toAuditEntry(item)).toEqual(entry);
    }
  });

  it.each([
    ['changes that are not a map', { changes: ['plan'] }],
    ['a change that is not a map of from and to', { changes: { plan: 'starter' } }],
    ['a change that is a list', { changes: { plan: ['free', 'starter'] } }],
    ['no changes', { changes: undefined }],
  ])('refuses an entry with %s', async (_what, corrupt) => {
    process.env.TABLE_NAME ??= 'table';
    const { auditEntryOf, auditItem, toAuditEntry } = await import('../../../functions/shared/entities/audit');
    const entry = auditEntryOf(
      { tenantId: T, plan: 'starter', actor: { system: 'stripe' } },
      { action: 'update', resource: 'subscription', resourceId: T, changes: { plan: { from: 'free', to: 'starter' } } },
    );
    expect(() => toAuditEntry({ ...auditItem(T, 'starter', entry), ...corrupt })).toThrow(
      /A stored audit item has no valid changes/,
    );
  });

  it('reads sealed values as redacted and keeps a removal (`to` null) apart from a field not recorded', async () => {
    process.env.TABLE_NAME ??= 'table';
    const { auditEntryOf, auditItem, toAuditEntry } = await import('../../../functions/shared/entities/audit');
    const entry = auditEntryOf(
      { tenantId: T, plan: 'starter', actor: { system: 'stripe' } },
      { action: 'update', resource: 'subscription', resourceId: T, changes: { plan: { from: 'free', to: 'starter' } } },
    );
    const item = {
      ...auditItem(T, 'starter', entry),
      changes: { name: { from: { sealed: 'x' }, to: null }, notes: { to: 'n' } },
    };
    expect(toAuditEntry(item).changes).toEqual({ name: { from: { redacted: true }, to: null }, notes: { to: 'n' } });
  });
});
