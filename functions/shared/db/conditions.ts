import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';

/** Which items of a cancelled transaction failed their condition (by index), or undefined for other errors. */
export function failedConditions(err: unknown): number[] | undefined {
  if (!(err instanceof TransactionCanceledException)) return undefined;
  const reasons = err.CancellationReasons ?? [];
  return reasons.flatMap((r, i) => (r.Code === 'ConditionalCheckFailed' ? [i] : []));
}

export function isConditionFailure(err: unknown): boolean {
  return (err as { name?: string } | undefined)?.name === 'ConditionalCheckFailedException';
}

/** A transaction cancelled because another one was touching the same item (never thrown by DynamoDB Local). */
export function hasTransactionConflict(err: unknown): boolean {
  if (!(err instanceof TransactionCanceledException)) return false;
  return (err.CancellationReasons ?? []).some((r) => r.Code === 'TransactionConflict');
}
