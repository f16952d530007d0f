/**
 * The table stream's consumers, as the local poller runs them: each definition of
 * functions/streams/consumers.ts with its module's handler, loaded lazily (after the stack set the
 * environment the handlers read).
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { STREAM_CONSUMERS } from '../functions/streams/consumers';
import type { StreamConsumer } from './stream-poller';

type Handler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;

const HANDLERS: Record<keyof typeof STREAM_CONSUMERS, () => Promise<Handler>> = {
  deliverMessages: async () => (await import('../functions/streams/deliver-messages')).handler,
  appointmentMessages: async () => (await import('../functions/streams/appointment-messages')).handler,
  syncReminders: async () => (await import('../functions/streams/sync-reminders')).handler,
  usageAlerts: async () => (await import('../functions/streams/usage-alerts')).handler,
  reencryptKeys: async () => (await import('../functions/streams/reencrypt-keys')).handler,
  runExports: async () => (await import('../functions/streams/run-exports')).handler,
};

export async function streamConsumers(): Promise<StreamConsumer[]> {
  return Promise.all(
    (Object.keys(STREAM_CONSUMERS) as Array<keyof typeof STREAM_CONSUMERS>).map(async (name) => ({
      name,
      filters: STREAM_CONSUMERS[name].filters,
      handler: await HANDLERS[name](),
    })),
  );
}
