import { describe, expect, it } from 'vitest';
import { errorParts } from '../../../functions/shared/errors';

describe('errorParts', () => {
  it('reads an Error and its subclasses', () => {
    expect(errorParts(new TypeError('bad'))).toEqual({ name: 'TypeError', message: 'bad' });
  });

  it('reads SDK-like plain objects field by field', () => {
    expect(errorParts({ name: 'ThrottlingException', message: 'slow down' })).toEqual({
      name: 'ThrottlingException',
      message: 'slow down',
    });
    expect(errorParts({ name: 42, message: { nested: true } })).toEqual({ name: 'Error', message: '' });
  });

  it('answers for values that are not objects, null included', () => {
    expect(errorParts(null)).toEqual({ name: 'Error', message: '' });
    expect(errorParts(undefined)).toEqual({ name: 'Error', message: '' });
    expect(errorParts('boom')).toEqual({ name: 'Error', message: 'boom' });
  });
});
