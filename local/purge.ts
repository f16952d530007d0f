/**
 * The daily purge, locally: the same handler the stage's daily schedule invokes, run once at start and
 * then every day. It queues one purge per due salon in the local Scheduler, which fires them by the
 * clock into the worker (functions/schedules/purge-tenant.ts), as on AWS.
 */
/** The purge fan-out's Scheduler settings (the BackgroundJobs construct sets them on AWS). */
export interface PurgeSchedules {
  group: string;
  targetArn: string;
  roleArn: string;
  deadLetterArn: string;
}

/** What functions/shared/config.ts reads for the fan-out (PURGE_* in the functions' environment). */
export function purgeEnvironment(p: PurgeSchedules): Record<string, string> {
  return {
    PURGE_SCHEDULE_GROUP: p.group,
    PURGE_FUNCTION_ARN: p.targetArn,
    PURGE_SCHEDULER_ROLE_ARN: p.roleArn,
    PURGE_DEAD_LETTER_ARN: p.deadLetterArn,
  };
}

export function startLocalPurge(opts: { intervalMs?: number; onError: (err: unknown) => void }): { stop(): Promise<void> } {
  let current: Promise<unknown> = Promise.resolve();
  const run = () => {
    current = import('../functions/schedules/purge-deleted-tenants').then((m) => m.handler()).catch(opts.onError);
  };
  run();
  const timer = setInterval(run, opts.intervalMs ?? 86_400_000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await current;
    },
  };
}
