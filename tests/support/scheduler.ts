/**
 * A Scheduler stand-in for unit tests: started on a free port with its group, the functions' reminder
 * environment pointing at it, and a client that counts its calls by operation (and can inject a
 * failure on chosen calls, as the service answers over its rate).
 */
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { type LocalScheduler, startScheduler } from '../../local/emulators/scheduler';
import { provisionScheduleGroup } from '../../local/provision';
import { reminderEnvironment } from '../../local/reminder-env';

export interface CountingScheduler {
  scheduler: LocalScheduler;
  client: SchedulerClient;
  /** Calls by command name since the last `reset()`. */
  calls: Record<string, number>;
  /** Makes the n-th call (1-based, since the last reset) throw what `failure` returns. */
  failOn(n: number): void;
  /** Forgets the counts only (the call numbering and failures go on). */
  clearCalls(): void;
  reset(): void;
  stop(): Promise<void>;
}

export async function countingScheduler(
  group: string,
  opts: { invoke?: (arn: string, input: unknown) => Promise<void>; maxAttempts?: number; failure?: () => Error } = {},
): Promise<CountingScheduler> {
  const scheduler = await startScheduler({ port: 0, invoke: opts.invoke ?? (async () => {}), tickMs: 60_000 });
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    SCHEDULER_ENDPOINT: scheduler.endpoint,
    ...reminderEnvironment({
      group,
      targetArn: 'arn:aws:lambda:local:000000000000:function:send-reminder',
      roleArn: 'arn:aws:iam::000000000000:role/scheduler',
      deadLetterArn: 'arn:aws:sqs:local:000000000000:dlq',
    }),
  });
  await provisionScheduleGroup(scheduler.endpoint, group);
  const client = new SchedulerClient({
    endpoint: scheduler.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    ...(opts.maxAttempts ? { maxAttempts: opts.maxAttempts } : {}),
  });
  let failing = new Set<number>();
  let callNumber = 0;
  const self: CountingScheduler = {
    scheduler,
    client,
    calls: {},
    failOn: (n) => void failing.add(n),
    clearCalls() {
      self.calls = {};
    },
    reset() {
      self.calls = {};
      failing = new Set();
      callNumber = 0;
    },
    async stop() {
      client.destroy();
      await scheduler.stop();
    },
  };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const op = String(context.commandName);
      self.calls[op] = (self.calls[op] ?? 0) + 1;
      if (failing.has(++callNumber) && opts.failure) throw opts.failure();
      return next(args);
    },
    { step: 'initialize', name: 'countSchedulerCalls' },
  );
  return self;
}
