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
}

export const step = (name: string, item: TransactItem, fails?: Step['fails']): Step =>
  fails ? { name, item, fails } : { name, item };

/** The names of the steps whose condition failed, in the order of the steps; undefined for other errors. */
export function failedSteps(err: unknown, steps: ReadonlyArray<Step>): Step[] | undefined {
  if (!(err instanceof TransactionCanceledException)) return undefined;
  const reasons = err.CancellationReasons ?? [];
  return steps.filter((_, i) => reasons[i]?.Code === 'ConditionalCheckFailed');
}

/**
 * Runs the steps as one transaction. On a failed condition the failed steps are asked, in the order
 * they are listed (so list the ones whose answer matters most first), for their error.
 */
export async function transact(db: DynamoDBDocumentClient, steps: ReadonlyArray<Step>): Promise<void> {
  try {
    await db.send(new TransactWriteCommand({ TransactItems: steps.map((s) => s.item) }));
  } catch (err) {
    const failed = failedSteps(err, steps);
    if (!failed) throw err;
    for (const s of failed) {
      if (!s.fails) throw err;
      const mapped = await s.fails();
      if (mapped) throw mapped;
    }
    throw err;
  }
}

/** A step's answer for "what the write was based on changed since it was read": the caller reads again. */
export class StaleReadError extends Error {
  constructor(readonly stepName: string) {
    super(`${stepName} changed since it was read`);
    this.name = 'StaleReadError';
  }
}
