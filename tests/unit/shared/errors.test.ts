import { describe, expect, it } from 'vitest';
import { NotFoundError, PlanLimitError, ValidationError, toErrorBody } from '../../../functions/shared/errors';

describe('toErrorBody', () => {
  it('keeps status, code, message and details of typed errors', () => {
    expect(toErrorBody(new PlanLimitError('Limit reached.', { limit: 10 }), 'r1')).toEqual({
      status: 402,
      body: { error: { code: 'PLAN_LIMIT_EXCEEDED', message: 'Limit reached.', details: { limit: 10 } }, requestId: 'r1' },
    });
    expect(toErrorBody(new NotFoundError(), 'r2').status).toBe(404);
    expect(toErrorBody(new ValidationError('bad'), 'r3').body.error).toEqual({ code: 'VALIDATION_FAILED', message: 'bad' });
  });

  it('hides anything else behind 500 INTERNAL', () => {
    const { status, body } = toErrorBody(new TypeError('db password is hunter2'), 'r4');
    expect(status).toBe(500);
    expect(JSON.stringify(body)).not.toContain('hunter2');
  });
});
