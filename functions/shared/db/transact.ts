/**
 * Transactions as lists of named steps. Each step carries what its failed condition means, so a
 * cancelled transaction is answered by the step that failed, never by its position in the list.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface Step {
  readonly name: string;
  readonly item: TransactItem;
  /**
   * The error this step's failed condition means. `undefined` from it: not this step's business after
   * all (the next failed step answers). No `fails`: the raw error is rethrown for the caller to read
   * (an idempotency record's claim, answered by middleware/idempotency.ts).
   */
  readonly fails?: () => Error | undefined | Promise<Error | undefined>;
  /**
   * What the step means to do another way, once the read it was built from is out of date (an item
   * created meanwhile, which it can now add to): when only steps that have one failed, the transaction
   * is sent once more with these, without reading again.
   */
  readonly orElse?: TransactItem;
}

export const step = (name: string, item: TransactItem, fails?: Step['fails'], orElse?: TransactItem): Step => ({
  name,
  item,
  ...(fails ? { fails } : {}),
  ...(orElse ? { orElse } : {}),
});

/** The names of the steps whose condition failed, in the order of the steps; undefined for other errors. */
export function failedSteps(err: unknown, steps: ReadonlyArray<Step>): Step[] | undefined {
  if (!(err instanceof TransactionCanceledException)) return undefined;
  const reasons = err.CancellationReasons ?? [];
  return steps.filter((_, i) => reasons[i]?.Code === 'ConditionalCheckFailed');
}

/** The steps another transaction was touching at the same moment (TransactionConflict); undefined for other errors. */
export function conflictedSteps(err: unknown, steps: ReadonlyArray<Step>): Step[] | undefined {
  if (!(err instanceof TransactionCanceledException)) return undefined;
  const reasons = err.CancellationReasons ?? [];
  return steps.filter((_, i) => reasons[i]?.Code === 'TransactionConflict');
}

/** The names of the failed steps, for callers whose answer weighs several of them together. */
export function failedStepNames(err: unknown, steps: ReadonlyArray<Step>): Set<string> | undefined {
  const failed = failedSteps(err, steps);
  return failed && new Set(failed.map((s) => s.name));
}

export interface TransactOptions {
  /**
   * Names of steps asked before the others, in this order (the rest follow in list order): the order of
   * the answers, without reordering the items (a list's order is also what tests and readers follow).
   */
  readonly answerFirst?: ReadonlyArray<string>;
  /** What to throw when every failed step answered `undefined`; without it the raw error rethrows. */
  readonly otherwise?: () => Error;
  /** Sees every step whose condition failed, before any is asked (a caller weighing them together). */
  readonly onFailure?: (failed: ReadonlyArray<Step>) => void;
  /**
   * A transaction cancelled only because others were writing some of its items at that moment
   * (DynamoDB's TransactionConflict; nothing failed its condition) is sent again, up to RESENDS times,
   * when this accepts the steps that conflicted: steps whose writes add up (counters, a map entry), so
   * nothing read has been shown wrong.
   */
  readonly resendConflicts?: (conflicted: ReadonlyArray<Step>) => boolean;
}

const RESENDS = 3;
const jitter = (sent: number) => new Promise((r) => setTimeout(r, Math.random() * 10 * (sent + 1)));

/** The steps with the failed ones' `orElse` in place of their item; undefined when some failed step has none. */
function resendable(steps: ReadonlyArray<Step>, failed: ReadonlyArray<Step>): Step[] | undefined {
  if (failed.length === 0 || !failed.every((s) => s.orElse)) return undefined;
  return steps.map((s) => {
    if (!failed.includes(s) || !s.orElse) return s;
    const { orElse, ...rest } = s;
    return { ...rest, item: orElse };
  });
}

/**
 * Runs the steps as one transaction. On a failed condition the failed steps are asked, in the order
 * they are listed (so list the ones whose answer matters most first, or name them in `answerFirst`),
 * for their error.
 */
export async function transact(
  db: DynamoDBDocumentClient,
  steps: ReadonlyArray<Step>,
  options: TransactOptions = {},
): Promise<void> {
  let sent: ReadonlyArray<Step> = steps;
  for (let resends = 0; ; resends++) {
    try {
      await db.send(new TransactWriteCommand({ TransactItems: sent.map((s) => s.item) }));
      return;
    } catch (err) {
      const failed = failedSteps(err, sent);
      if (!failed) throw err;
      if (resends < RESENDS) {
        const again = resendable(sent, failed);
        if (again) {
          sent = again;
          continue;
        }
        const conflicts = conflictedSteps(err, sent) ?? [];
        if (failed.length === 0 && conflicts.length > 0 && options.resendConflicts?.(conflicts)) {
          await jitter(resends);
          continue;
        }
      }
      options.onFailure?.(failed);
      const first = options.answerFirst ?? [];
      const rank = (s: Step) => {
        const i = first.indexOf(s.name);
        return i === -1 ? first.length : i;
      };
      for (const s of [...failed].sort((a, b) => rank(a) - rank(b))) {
        if (!s.fails) throw err;
        const mapped = await s.fails();
        if (mapped) throw mapped;
      }
      throw options.otherwise?.() ?? err;
    }
  }
}

/** A step's answer for "what the write was based on changed since it was read": the caller reads again. */
export class StaleReadError extends Error {
  constructor(readonly stepName: string) {
    super(`${stepName} changed since it was read`);
    this.name = 'StaleReadError';
  }
}
