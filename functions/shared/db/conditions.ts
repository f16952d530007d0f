import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';

export function isConditionFailure(err: unknown): boolean {
  return (err as { name?: string } | undefined)?.name === 'ConditionalCheckFailedException';
}

/** A transaction cancelled because another one was touching the same item (never thrown by DynamoDB Local). */
export function hasTransactionConflict(err: unknown): boolean {
  if (!(err instanceof TransactionCanceledException)) return false;
  return (err.CancellationReasons ?? []).some((r) => r.Code === 'TransactionConflict');
}
