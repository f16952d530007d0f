/**
 * The GSI4 backfill against DynamoDB Local: items written as the code before GSI4 wrote them, a run
 * cut short by its deadline and resumed, a second runner turned away while the first holds the lease,
 * and an item the application changed meanwhile left alone.
 */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { appointmentKey, openTimelineKeys } from '../../../functions/shared/db/keys';
import { openTimelineBackfill } from '../../../functions/shared/migrations/open-timeline';
import { MigrationBusyError, runMigration } from '../../../functions/shared/migrations/runner';
import { newId } from '../../../functions/shared/repositories/ids';
import { db } from '../../support/fixtures';

const table = () => inject('endpoints').tableName;
const tenantId = newId();
const staffId = newId();

async function legacy(status: string, start: string) {
  const id = newId();
  await db().send(
    new PutCommand({
      TableName: table(),
      Item: { ...appointmentKey(tenantId, id), entity: 'appointment', appointmentId: id, staffId, start, status, version: 1 },
    }),
  );
  return id;
}
const read = async (id: string) =>
  (await db().send(new GetCommand({ TableName: table(), Key: appointmentKey(tenantId, id), ConsistentRead: true }))).Item;

describe('open-timeline backfill migration', () => {
  it('puts open legacy appointments on GSI4 once, resumes after a deadline, and leaves changed and closed ones alone', async () => {
    const scheduled = await legacy('scheduled', '2027-03-01T10:00:00+01:00');
    const inChair = await legacy('in_progress', '2027-03-01T11:00:00+01:00');
    const cancelled = await legacy('cancelled', '2027-03-01T12:00:00+01:00');
    const migration = { ...openTimelineBackfill, id: `open-timeline-backfill-test-${newId()}` };

    // A deadline already past: the run takes no page, keeps its (empty) progress and says it is not done.
    const stopped = await runMigration(migration, { db: db(), table: table(), deadline: new Date(0), runner: 'a' });
    expect(stopped).toMatchObject({ done: false, changed: 0 });
    // Another runner while 'a' holds the lease is turned away.
    await expect(runMigration(migration, { db: db(), table: table(), runner: 'b' })).rejects.toBeInstanceOf(MigrationBusyError);

    // Meanwhile the application closes one (it would remove GSI4 keys; it has none): the backfill must skip it.
    await db().send(
      new UpdateCommand({
        TableName: table(),
        Key: appointmentKey(tenantId, inChair),
        UpdateExpression: 'SET #s = :done',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':done': 'completed' },
      }),
    );
    const done = await runMigration(migration, { db: db(), table: table(), runner: 'a', segments: 3, pageSize: 200 });
    expect(done.done).toBe(true);
    expect(done.changed).toBeGreaterThanOrEqual(1);
    expect(await read(scheduled)).toMatchObject(openTimelineKeys(tenantId, staffId, '2027-03-01T09:00:00.000Z', scheduled));
    expect(await read(inChair)).not.toHaveProperty('GSI4PK');
    expect(await read(cancelled)).not.toHaveProperty('GSI4PK');

    // Done is done: a later run reads its progress and scans nothing more.
    const again = await runMigration(migration, { db: db(), table: table(), runner: 'c' });
    expect(again).toEqual({ ...done, id: migration.id });
    // And a fresh run of the same migration changes none of these items a second time.
    const fresh = await runMigration({ ...migration, id: `${migration.id}-2` }, { db: db(), table: table() });
    expect(fresh.done).toBe(true);
    const rows = await Promise.all([scheduled, inChair, cancelled].map(read));
    expect(rows.map((r) => r?.version)).toEqual([1, 1, 1]);
  });
});
