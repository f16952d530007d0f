/**
 * Backfills the open timeline (GSI4, issue 16): appointments written before it existed hold their
 * staff member without being on it, so a staff deletion, which asks GSI4 alone, would not see them.
 * Each open appointment without GSI4 keys gets them, on condition it is still open at the same staff
 * member and start; one the application changed meanwhile already has them (or needs none).
 */
import { APPOINTMENT_PREFIX, openTimelineKeys, TENANT_PREFIX } from '../db/keys';
import { TABLE } from '../db/table';
import { APPOINTMENT_STATUSES, holdsStaff } from '../domain/appointment-status';
import { str } from '../entities/codec';
import { type TableMigration, updateIfStill } from './runner';

const HOLDING = APPOINTMENT_STATUSES.filter(holdsStaff);
const statusValues = Object.fromEntries(HOLDING.map((s, i) => [`:s${i}`, s]));
const statusList = Object.keys(statusValues).join(', ');
const { partitionKey: GSI4PK, sortKey: GSI4SK } = TABLE.indexes.gsi4;

export const openTimelineBackfill: TableMigration = {
  id: 'open-timeline-backfill',
  description: 'Open appointments (scheduled, confirmed, in progress) get their GSI4 open-timeline keys',
  filter: {
    expression: `begins_with(#sk, :appt) AND attribute_not_exists(#gsi4pk) AND #status IN (${statusList})`,
    names: { '#sk': 'SK', '#gsi4pk': GSI4PK, '#status': 'status' },
    values: { ':appt': APPOINTMENT_PREFIX, ...statusValues },
  },
  async apply(db, table, item) {
    const pk = str(item, 'appointment', 'PK');
    if (!pk.startsWith(TENANT_PREFIX)) return false;
    const staffId = str(item, 'appointment', 'staffId');
    const start = str(item, 'appointment', 'start');
    const id = str(item, 'appointment', 'appointmentId');
    const keys = openTimelineKeys(pk.slice(TENANT_PREFIX.length), staffId, new Date(start).toISOString(), id);
    return updateIfStill(db, {
      TableName: table,
      Key: { PK: pk, SK: str(item, 'appointment', 'SK') },
      UpdateExpression: 'SET #gsi4pk = :gsi4pk, #gsi4sk = :gsi4sk',
      ConditionExpression: `attribute_not_exists(#gsi4pk) AND #status IN (${statusList}) AND staffId = :staff AND #start = :start`,
      ExpressionAttributeNames: { '#gsi4pk': GSI4PK, '#gsi4sk': GSI4SK, '#status': 'status', '#start': 'start' },
      ExpressionAttributeValues: {
        ':gsi4pk': keys.GSI4PK,
        ':gsi4sk': keys.GSI4SK,
        ':staff': staffId,
        ':start': start,
        ...statusValues,
      },
    });
  },
};
