/**
 * The S3 reconciler's and the reservation sweep's effects on files are audited like a member's: each
 * change of a file item writes exactly one entry, by `{system:"s3"}` (the reconciler) or
 * `{system:"scheduler"}` (the sweep), in the change's own transaction. Against DynamoDB Local, with
 * the bucket replaced by an in-memory one (so the local event poller never sees these objects):
 * - each effect (ready, discarded, resized, released, reservation expired) writes one entry;
 * - the same event delivered again, or the sweep run again, writes none;
 * - the change made to fail (the file changed behind the reconciler's back) writes no entry;
 * - the entry made to fail (its id taken) leaves the file and its bytes as they were.
 */
import { DeleteCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it, vi } from 'vitest';
import { documentClient } from '../../../functions/shared/db/client';
import { auditPk, fileKey, usageKey } from '../../../functions/shared/db/keys';
import { REDACTED } from '../../../functions/shared/domain/audit';
import type { Permission } from '../../../functions/shared/domain/rbac';
import type { TenantContext } from '../../../functions/shared/domain/tenant-context';
import { AuditWriteError } from '../../../functions/shared/entities/audit';
import { S3Client } from '@aws-sdk/client-s3';
import { type ObjectHead, objectsOn, s3Options } from '../../../functions/shared/files/objects';
import { type ObjectEvent, type Outcome, type ReconcileDeps, reconcile } from '../../../functions/shared/files/reconcile';
import { sweepExpiredReservations } from '../../../functions/shared/files/sweep';
import { type StoredFile, createFile } from '../../../functions/shared/repositories/files';
import { createTenant } from '../../../functions/shared/repositories/onboarding';
import { db, getItem, setPlan } from '../../support/fixtures';

/** The next audit ids, forced (only the audit entry passes a time to newId). */
const forced: string[] = [];
vi.mock('../../../functions/shared/repositories/ids', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../functions/shared/repositories/ids')>();
  return {
    ...actual,
    newId: (now?: number) => (now !== undefined && forced.length > 0 ? (forced.shift() as string) : actual.newId(now)),
  };
});

const table = () => inject('endpoints').tableName;
let seq = 0;
let sequencer = BigInt(Date.now()) * 1000n;
const nextSequencer = () => {
  sequencer += 1n;
  return sequencer.toString(16).toUpperCase().padStart(18, '0');
};

async function salon() {
  const n = ++seq;
  const owner = { userId: `rcn-owner-${n}`, email: `rcn-owner-${n}@example.test` };
  const tenant = await createTenant(owner, { name: 'Reconciled', slug: `rcn-${Date.now().toString(36)}-${n}` });
  await setPlan(tenant.id, 'professional');
  const ctx = (permission: Permission) =>
    ({
      tenantId: tenant.id,
      userId: owner.userId,
      role: 'owner',
      plan: 'professional',
      subscriptionStatus: 'active',
      permission,
      access: 'all',
      request: { requestId: `rcn-${n}`, ip: '203.0.113.9', userAgent: 'reconcile-audit' },
    }) as TenantContext;
  return { tenantId: tenant.id, ctx };
}
type Salon = Awaited<ReturnType<typeof salon>>;

const pending = async (s: Salon, size = 10): Promise<StoredFile> =>
  (await createFile(s.ctx('files:create'), { purpose: 'logo', contentType: 'image/png', size, fileName: 'Ada Person.png' })).file;

/** An in-memory bucket; `beforeHead` runs once, at the next HeadObject (between the reconciler's read and its write). */
function bucket() {
  const objects = new Map<string, ObjectHead>();
  let beforeHead: (() => Promise<void>) | undefined;
  const deps: ReconcileDeps = {
    db: documentClient(),
    table: table(),
    head: async (key) => {
      const hook = beforeHead;
      beforeHead = undefined;
      await hook?.();
      return objects.get(key);
    },
    remove: async (key) => {
      objects.delete(key);
    },
  };
  return {
    objects,
    deps,
    meanwhile(hook: () => Promise<void>) {
      beforeHead = hook;
    },
  };
}

const created = (file: StoredFile, size: number, id = `evt-${++seq}`): ObjectEvent => ({
  kind: 'created',
  key: file.objectKey,
  sequencer: nextSequencer(),
  size,
  id,
});
const deleted = (file: StoredFile, id = `evt-${++seq}`): ObjectEvent => ({
  kind: 'deleted',
  key: file.objectKey,
  sequencer: nextSequencer(),
  id,
});

async function entries(tenantId: string) {
  const out = await db().send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': auditPk(tenantId) },
      ConsistentRead: true,
    }),
  );
  return out.Items ?? [];
}
/** The entries written after `before`. */
const since = async (tenantId: string, before: ReadonlyArray<Record<string, unknown>>) => {
  const seen = new Set(before.map((x) => String(x.auditId)));
  return (await entries(tenantId)).filter((x) => !seen.has(String(x.auditId)));
};
const storage = async (t: string) => Number((await getItem(usageKey(t)))?.storageBytes ?? 0);
const png = (size: number): ObjectHead => ({ size, contentType: 'image/png' });

/** A file made ready by the reconciler (its entry written before the act). */
async function readyFile(s: Salon, b: ReturnType<typeof bucket>, size = 10) {
  const file = await pending(s, size);
  b.objects.set(file.objectKey, png(size));
  expect(await reconcile(created(file, size), b.deps)).toBe('ready');
  return file;
}

describe('the S3 reconciler audits each effect once, by {system:"s3"}', () => {
  it('an upload nobody completed becomes ready: one entry; the same event again and a later one write none', async () => {
    const s = await salon();
    const b = bucket();
    const file = await pending(s);
    b.objects.set(file.objectKey, png(10));
    const before = await entries(s.tenantId);
    const event = created(file, 10, 'evt-ready');
    expect(await reconcile(event, b.deps)).toBe('ready');
    expect(await reconcile(event, b.deps)).toBe('stale');
    expect(await reconcile(created(file, 10), b.deps)).toBe('unchanged');
    expect(await since(s.tenantId, before)).toEqual([
      expect.objectContaining({
        actor: { system: 's3' },
        actorId: 'system:s3',
        action: 'update',
        resource: 'file',
        resourceId: file.fileId,
        changes: { status: { from: 'pending', to: 'ready' } },
        requestId: 'evt-ready',
      }),
    ]);
  });

  it('an upload that is not what was declared is discarded: one delete entry, no name in clear; redelivered, none', async () => {
    const s = await salon();
    const b = bucket();
    const file = await pending(s, 10);
    b.objects.set(file.objectKey, png(12));
    const before = await entries(s.tenantId);
    const event = created(file, 12);
    expect(await reconcile(event, b.deps)).toBe('rejected');
    expect(b.objects.has(file.objectKey)).toBe(false);
    expect(await reconcile(event, b.deps)).toBe('unchanged');
    const added = await since(s.tenantId, before);
    expect(added).toEqual([
      expect.objectContaining({
        actor: { system: 's3' },
        action: 'delete',
        resource: 'file',
        resourceId: file.fileId,
        changes: expect.objectContaining({ status: { from: 'pending' }, size: { from: 10 }, fileName: { from: REDACTED } }),
      }),
    ]);
    expect(JSON.stringify(added)).not.toContain('Ada Person');
    expect(await storage(s.tenantId)).toBe(0);
  });

  it('a ready file overwritten with another size counts its real bytes: one entry, size from → to; redelivered, none', async () => {
    const s = await salon();
    const b = bucket();
    const file = await readyFile(s, b, 10);
    const before = await entries(s.tenantId);
    b.objects.set(file.objectKey, png(14));
    const event = created(file, 14);
    expect(await reconcile(event, b.deps)).toBe('resized');
    expect(await reconcile(event, b.deps)).toBe('stale');
    expect(await since(s.tenantId, before)).toEqual([
      expect.objectContaining({
        actor: { system: 's3' },
        action: 'update',
        resource: 'file',
        resourceId: file.fileId,
        changes: { size: { from: 10, to: 14 } },
      }),
    ]);
    expect(await storage(s.tenantId)).toBe(14);
  });

  it('an object that disappeared takes its file: one delete entry; redelivered, none', async () => {
    const s = await salon();
    const b = bucket();
    const file = await readyFile(s, b, 10);
    const before = await entries(s.tenantId);
    b.objects.delete(file.objectKey);
    const event = deleted(file);
    expect(await reconcile(event, b.deps)).toBe('released');
    expect(await reconcile(event, b.deps)).toBe('unchanged');
    expect(await since(s.tenantId, before)).toEqual([
      expect.objectContaining({
        actor: { system: 's3' },
        action: 'delete',
        resource: 'file',
        resourceId: file.fileId,
        changes: expect.objectContaining({ status: { from: 'ready' }, size: { from: 10 } }),
      }),
    ]);
    expect(await getItem(fileKey(s.tenantId, file.fileId))).toBeUndefined();
    expect(await storage(s.tenantId)).toBe(0);
  });

  it('an object no file item names is deleted, which changes no item and writes no entry', async () => {
    const s = await salon();
    const b = bucket();
    const key = `tenants/${s.tenantId}/files/01JABCDEFGHJKMNPQRSTVWXYZ0`;
    b.objects.set(key, png(5));
    const before = await entries(s.tenantId);
    expect(await reconcile({ kind: 'created', key, sequencer: nextSequencer(), size: 5 }, b.deps)).toBe('orphan-removed');
    expect(await since(s.tenantId, before)).toEqual([]);
  });
});

/** A file changed behind the reconciler's back (between its read and its write): a member deleted it. */
const deletedMeanwhile = (s: Salon, file: StoredFile) => () =>
  db()
    .send(new DeleteCommand({ TableName: table(), Key: fileKey(s.tenantId, file.fileId) }))
    .then(() => undefined);

describe('the change made to fail writes no entry', () => {
  const cases: Array<[string, Outcome, (s: Salon, b: ReturnType<typeof bucket>) => Promise<ObjectEvent>]> = [
    [
      'ready (the file completed meanwhile)',
      'unchanged',
      async (s, b) => {
        const file = await pending(s);
        b.objects.set(file.objectKey, png(10));
        b.meanwhile(async () => {
          await db().send(
            new UpdateCommand({
              TableName: table(),
              Key: fileKey(s.tenantId, file.fileId),
              UpdateExpression: 'SET #status = :ready',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':ready': 'ready' },
            }),
          );
        });
        return created(file, 10);
      },
    ],
    [
      'discarded (the file deleted meanwhile)',
      'unchanged',
      async (s, b) => {
        const file = await pending(s, 10);
        b.objects.set(file.objectKey, png(12));
        b.meanwhile(deletedMeanwhile(s, file));
        return created(file, 12);
      },
    ],
    [
      'resized (the file deleted meanwhile)',
      // The retry finds an object no item names any more.
      'orphan-removed',
      async (s, b) => {
        const file = await readyFile(s, b, 10);
        b.objects.set(file.objectKey, png(14));
        b.meanwhile(deletedMeanwhile(s, file));
        return created(file, 14);
      },
    ],
    [
      'released (the file deleted meanwhile)',
      'unchanged',
      async (s, b) => {
        const file = await readyFile(s, b, 10);
        b.objects.delete(file.objectKey);
        b.meanwhile(deletedMeanwhile(s, file));
        return deleted(file);
      },
    ],
  ];
  it.each(cases)('%s', async (_name, outcome, prepare) => {
    const s = await salon();
    const b = bucket();
    const event = await prepare(s, b);
    const before = await entries(s.tenantId);
    // The transaction's condition fails; the retry reads again and finds no file left to change.
    expect(await reconcile(event, b.deps)).toBe(outcome);
    expect(await since(s.tenantId, before)).toEqual([]);
  });
});

describe('the entry made to fail leaves the file as it was', () => {
  const cases: Array<[string, (s: Salon, b: ReturnType<typeof bucket>) => Promise<{ file: StoredFile; event: ObjectEvent }>]> = [
    [
      'ready',
      async (s, b) => {
        const file = await pending(s);
        b.objects.set(file.objectKey, png(10));
        return { file, event: created(file, 10) };
      },
    ],
    [
      'discarded',
      async (s, b) => {
        const file = await pending(s, 10);
        b.objects.set(file.objectKey, png(12));
        return { file, event: created(file, 12) };
      },
    ],
    [
      'resized',
      async (s, b) => {
        const file = await readyFile(s, b, 10);
        b.objects.set(file.objectKey, png(14));
        return { file, event: created(file, 14) };
      },
    ],
    [
      'released',
      async (s, b) => {
        const file = await readyFile(s, b, 10);
        b.objects.delete(file.objectKey);
        return { file, event: deleted(file) };
      },
    ],
  ];
  it.each(cases)('%s: AuditWriteError, the item and the bytes unchanged', async (_name, prepare) => {
    const s = await salon();
    const b = bucket();
    const { file, event } = await prepare(s, b);
    const item = await getItem(fileKey(s.tenantId, file.fileId));
    const bytes = await storage(s.tenantId);
    const before = await entries(s.tenantId);
    forced.push(String(before[0]?.auditId));
    await expect(reconcile(event, b.deps)).rejects.toBeInstanceOf(AuditWriteError);
    forced.length = 0;
    expect(await getItem(fileKey(s.tenantId, file.fileId))).toEqual(item);
    expect(await storage(s.tenantId)).toBe(bytes);
    expect(await since(s.tenantId, before)).toEqual([]);
  });
});

describe('the reservation sweep audits each release once, by {system:"scheduler"}', () => {
  // The queue is every salon's: the real bucket decides for other tests' reservations, as in production.
  const objects = objectsOn(new S3Client(s3Options()));
  async function expiredReservation(s: Salon, size = 31) {
    const file = await pending(s, size);
    // Long expired: first in the queue (by expiry), before any other test's reservation.
    const expired = '2020-01-01T00:00:00.000Z';
    await db().send(
      new UpdateCommand({
        TableName: table(),
        Key: fileKey(s.tenantId, file.fileId),
        UpdateExpression: 'SET uploadExpiresAt = :at, GSI2SK = :sk',
        ExpressionAttributeValues: { ':at': expired, ':sk': `${expired}#${s.tenantId}#${file.fileId}` },
      }),
    );
    return file;
  }
  const sweep = () => sweepExpiredReservations({ db: documentClient(), table: table(), objects });

  it('one delete entry for the released reservation; a second sweep writes none', async () => {
    const s = await salon();
    const file = await expiredReservation(s);
    const before = await entries(s.tenantId);
    await sweep();
    await sweep();
    expect(await since(s.tenantId, before)).toEqual([
      expect.objectContaining({
        actor: { system: 'scheduler' },
        action: 'delete',
        resource: 'file',
        resourceId: file.fileId,
        changes: expect.objectContaining({ status: { from: 'pending' }, size: { from: 31 } }),
      }),
    ]);
    expect(await storage(s.tenantId)).toBe(0);
  });

  it('the entry made to fail leaves the reservation and its bytes', async () => {
    const s = await salon();
    const file = await expiredReservation(s);
    const item = await getItem(fileKey(s.tenantId, file.fileId));
    const before = await entries(s.tenantId);
    // This reservation is the first the sweep releases, so its entry is the one that takes the forced id.
    forced.push(String(before[0]?.auditId));
    await expect(sweep()).rejects.toBeInstanceOf(AuditWriteError);
    forced.length = 0;
    expect(await getItem(fileKey(s.tenantId, file.fileId))).toEqual(item);
    expect(await storage(s.tenantId)).toBe(31);
    expect(await since(s.tenantId, before)).toEqual([]);
  });
});
