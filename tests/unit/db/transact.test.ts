import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { StaleReadError, conflictedSteps, failedStepNames, step, transact } from '../../../functions/shared/db/transact';

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({ message: 'x', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });
const failing = (err: unknown) => ({ send: async () => Promise.reject(err) }) as unknown as DynamoDBDocumentClient;
const item = (n: string) => ({ ConditionCheck: { TableName: 't', Key: { PK: n, SK: n }, ConditionExpression: 'x' } });
const error = (name: string) => () => new Error(name);

describe('transact: a cancellation answered by the steps that failed', () => {
  it('asks the failed steps in list order and throws the first answer', async () => {
    const steps = [step('a', item('a'), error('a')), step('b', item('b'), error('b')), step('c', item('c'), error('c'))];
    await expect(transact(failing(cancelled('None', 'ConditionalCheckFailed', 'ConditionalCheckFailed')), steps)).rejects.toThrow(
      'b',
    );
  });

  it('asks the steps named in answerFirst first, without reordering the items', async () => {
    let sent: unknown;
    const db = {
      send: async (cmd: { input: unknown }) => {
        sent = cmd.input;
        throw cancelled('ConditionalCheckFailed', 'None', 'ConditionalCheckFailed');
      },
    } as unknown as DynamoDBDocumentClient;
    const steps = [step('a', item('a'), error('a')), step('b', item('b'), error('b')), step('c', item('c'), error('c'))];
    await expect(transact(db, steps, { answerFirst: ['c'] })).rejects.toThrow('c');
    expect((sent as { TransactItems: unknown[] }).TransactItems).toEqual([item('a'), item('b'), item('c')]);
  });

  it('passes over steps that answer undefined; otherwise, or the raw error, when none answers', async () => {
    const quiet = [step('a', item('a'), () => undefined), step('b', item('b'), error('b'))];
    await expect(transact(failing(cancelled('ConditionalCheckFailed', 'None')), quiet)).rejects.toBeInstanceOf(
      TransactionCanceledException,
    );
    await expect(
      transact(failing(cancelled('ConditionalCheckFailed', 'None')), quiet, { otherwise: () => new StaleReadError('x') }),
    ).rejects.toBeInstanceOf(StaleReadError);
    await expect(transact(failing(cancelled('None', 'ConditionalCheckFailed')), quiet)).rejects.toThrow('b');
  });

  it('rethrows the raw error for a failed step without an answer, and for errors that are no cancellation', async () => {
    const raw = cancelled('ConditionalCheckFailed');
    await expect(transact(failing(raw), [step('record', item('r'))])).rejects.toBe(raw);
    const other = new Error('network');
    await expect(transact(failing(other), [step('a', item('a'), error('a'))], { otherwise: error('x') })).rejects.toBe(other);
  });

  it('names the failed steps, by step and not by index', () => {
    const steps = [step('a', item('a')), step('b', item('b')), step('c', item('c'))];
    expect(failedStepNames(cancelled('ConditionalCheckFailed', 'TransactionConflict', 'ConditionalCheckFailed'), steps)).toEqual(
      new Set(['a', 'c']),
    );
    expect(failedStepNames(new Error('x'), steps)).toBeUndefined();
  });

  it('shows every failed step before asking any, and names the steps in conflict', async () => {
    const steps = [step('a', item('a'), error('a')), step('b', item('b'), () => undefined), step('c', item('c'), error('c'))];
    let seen: string[] = [];
    await expect(
      transact(failing(cancelled('ConditionalCheckFailed', 'None', 'ConditionalCheckFailed')), steps, {
        onFailure: (failed) => {
          seen = failed.map((s) => s.name);
        },
      }),
    ).rejects.toThrow('a');
    expect(seen).toEqual(['a', 'c']);
    const conflicts = conflictedSteps(cancelled('None', 'TransactionConflict', 'ConditionalCheckFailed'), steps);
    expect(conflicts?.map((s) => s.name)).toEqual(['b']);
    expect(conflictedSteps(new Error('x'), steps)).toBeUndefined();
  });

  /** A client answering each send with the next of `answers` (an error thrown, or undefined: committed), recording what was sent. */
  const scripted = (...answers: Array<Error | undefined>) => {
    const sent: unknown[][] = [];
    const db = {
      send: async (cmd: { input: { TransactItems: unknown[] } }) => {
        sent.push(cmd.input.TransactItems);
        const next = answers.shift();
        if (next) throw next;
        return {};
      },
    } as unknown as DynamoDBDocumentClient;
    return { db, sent };
  };

  it("sends once more with a failed step's orElse when only steps that have one failed", async () => {
    const { db, sent } = scripted(cancelled('None', 'ConditionalCheckFailed'));
    await transact(db, [step('a', item('a'), error('a')), step('b', item('b'), error('b'), item('b2'))]);
    expect(sent).toEqual([
      [item('a'), item('b')],
      [item('a'), item('b2')],
    ]);
    // Another step failed beside it: answered as before, not sent again.
    const mixed = scripted(cancelled('ConditionalCheckFailed', 'ConditionalCheckFailed'));
    await expect(
      transact(mixed.db, [step('a', item('a'), error('a')), step('b', item('b'), error('b'), item('b2'))]),
    ).rejects.toThrow('a');
    expect(mixed.sent).toHaveLength(1);
    // The orElse failing in turn is answered by the step.
    const twice = scripted(cancelled('ConditionalCheckFailed'), cancelled('ConditionalCheckFailed'));
    await expect(transact(twice.db, [step('b', item('b'), error('b'), item('b2'))])).rejects.toThrow('b');
    expect(twice.sent).toEqual([[item('b')], [item('b2')]]);
  });

  it('sends again a transaction cancelled only by conflicts the caller accepts, a bounded number of times', async () => {
    const steps = [step('day', item('d'), error('day')), step('count', item('c'), error('count'))];
    const accept = { resendConflicts: (c: ReadonlyArray<{ name: string }>) => c.every((s) => s.name === 'count') };
    const ok = scripted(cancelled('None', 'TransactionConflict'));
    await transact(ok.db, steps, accept);
    expect(ok.sent).toHaveLength(2);
    // Not accepted (the day), or no option: the cancellation is answered at once.
    const day = scripted(cancelled('TransactionConflict', 'None'));
    await expect(transact(day.db, steps, accept)).rejects.toBeInstanceOf(TransactionCanceledException);
    expect(day.sent).toHaveLength(1);
    const none = scripted(cancelled('None', 'TransactionConflict'));
    await expect(transact(none.db, steps)).rejects.toBeInstanceOf(TransactionCanceledException);
    expect(none.sent).toHaveLength(1);
    // A condition failed beside the conflict: the step answers.
    const failed = scripted(cancelled('ConditionalCheckFailed', 'TransactionConflict'));
    await expect(transact(failed.db, steps, accept)).rejects.toThrow('day');
    // Always in conflict: given up after 3 resends.
    const busy = scripted(...Array.from({ length: 10 }, () => cancelled('None', 'TransactionConflict')));
    await expect(transact(busy.db, steps, accept)).rejects.toBeInstanceOf(TransactionCanceledException);
    expect(busy.sent).toHaveLength(4);
  });
});
