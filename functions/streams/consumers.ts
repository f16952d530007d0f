/**
 * The table stream's consumers as data: the entry each runs and the records it wants. CDK turns a filter
 * into the event source mapping's FilterCriteria (lib/constructs/notifications.ts) and the local stream
 * poller applies the same filter in code (local/stream-poller.ts), so both feed a consumer the same
 * records. A filter names event kinds and a sort-key prefix: every item's kind shows in its key.
 */
import type { DynamoDBRecord } from 'aws-lambda';
import { APPOINTMENT_PREFIX, EXPORT_PREFIX, OUTBOX_PREFIX, SALON_SK, TENANT_KEY_PREFIX } from '../shared/db/keys';

/** `USAGE` (running totals) and `USAGE#<month>` (monthly counters). */
const USAGE_PREFIX = 'USAGE';

export type StreamEventName = 'INSERT' | 'MODIFY' | 'REMOVE';

/** Event kinds and the items' sort key: those starting with a prefix (e.g. `OUTBOX#`), or exactly one value. */
export type StreamFilter =
  | { readonly eventNames: ReadonlyArray<StreamEventName>; readonly sortKeyPrefix: string }
  | { readonly eventNames: ReadonlyArray<StreamEventName>; readonly sortKey: string };

export interface StreamConsumerDefinition {
  /** Entry file relative to the repository root; it exports `handler(event): Promise<DynamoDBBatchResponse>`. */
  readonly entry: string;
  readonly description: string;
  /** A record is delivered when it matches any of them (Lambda ORs a mapping's filters). */
  readonly filters: ReadonlyArray<StreamFilter>;
}

export const STREAM_CONSUMERS = {
  deliverMessages: {
    entry: 'functions/streams/deliver-messages.ts',
    description: 'Delivers queued outbox messages (SES email, End User Messaging SMS)',
    filters: [{ eventNames: ['INSERT'], sortKeyPrefix: OUTBOX_PREFIX }],
  },
  appointmentMessages: {
    entry: 'functions/streams/appointment-messages.ts',
    description: "Queues the client's booking, reschedule and cancellation messages from appointment changes",
    filters: [{ eventNames: ['INSERT', 'MODIFY'], sortKeyPrefix: APPOINTMENT_PREFIX }],
  },
  syncReminders: {
    entry: 'functions/streams/sync-reminders.ts',
    description: "Keeps appointments' reminder schedules in step with the appointments and the salon's reminder settings",
    filters: [
      // REMOVE too: a deleted appointment deletes its schedules.
      { eventNames: ['INSERT', 'MODIFY', 'REMOVE'], sortKeyPrefix: APPOINTMENT_PREFIX },
      // The salon item: changed reminder settings, or the salon deleted, re-plan its upcoming appointments.
      { eventNames: ['MODIFY'], sortKey: SALON_SK },
    ],
  },
  usageAlerts: {
    entry: 'functions/streams/usage-alerts.ts',
    description: "Emails a salon's owners when a usage counter reaches 80% and 100% of the plan's limit",
    filters: [{ eventNames: ['INSERT', 'MODIFY'], sortKeyPrefix: USAGE_PREFIX }],
  },
  reencryptKeys: {
    entry: 'functions/streams/reencrypt-keys.ts',
    description: "Starts a salon's re-encryption when its data key is rotated (a new key version)",
    filters: [{ eventNames: ['INSERT'], sortKeyPrefix: TENANT_KEY_PREFIX }],
  },
  runExports: {
    entry: 'functions/streams/run-exports.ts',
    description: 'Runs salon exports: every item decrypted as gzipped NDJSON, and the files, to S3 (resumable)',
    filters: [{ eventNames: ['INSERT'], sortKeyPrefix: EXPORT_PREFIX }],
  },
} as const satisfies Record<string, StreamConsumerDefinition>;

export type StreamConsumerName = keyof typeof STREAM_CONSUMERS;

/** The consumers the notifications stack subscribes; syncReminders lives with its schedule group (lib/constructs/reminders.ts). */
export const MESSAGE_CONSUMERS = [
  'deliverMessages',
  'appointmentMessages',
  'usageAlerts',
] as const satisfies ReadonlyArray<StreamConsumerName>;

export type MessageConsumerName = (typeof MESSAGE_CONSUMERS)[number];

/** The event source mapping's filter pattern (Lambda event filtering syntax). */
export function filterPattern(filter: StreamFilter): Record<string, unknown> {
  return {
    eventName: [...filter.eventNames],
    dynamodb: { Keys: { SK: { S: ['sortKey' in filter ? filter.sortKey : { prefix: filter.sortKeyPrefix }] } } },
  };
}

/** The same filter, applied in code (the local poller). */
export function matchesFilter(filter: StreamFilter, record: DynamoDBRecord): boolean {
  const sk = record.dynamodb?.Keys?.SK?.S;
  return (
    record.eventName !== undefined &&
    filter.eventNames.includes(record.eventName) &&
    typeof sk === 'string' &&
    ('sortKey' in filter ? sk === filter.sortKey : sk.startsWith(filter.sortKeyPrefix))
  );
}

export const matchesAny = (filters: ReadonlyArray<StreamFilter>, record: DynamoDBRecord): boolean =>
  filters.some((f) => matchesFilter(f, record));
