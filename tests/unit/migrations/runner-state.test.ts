import { describe, expect, it } from 'vitest';
import { parseState } from '../../../functions/shared/migrations/runner';

const saved = {
  PK: 'PLATFORM#MIGRATION',
  SK: 'm1',
  segments: 2,
  cursors: { '0': { PK: 'TENANT#a', SK: 'X' }, '1': 'done' },
  scanned: 10,
  changed: 3,
};

describe('migration progress codec', () => {
  it('reads a saved progress item', () => {
    expect(parseState('m1', saved)).toEqual({
      segments: 2,
      cursors: { '0': { PK: 'TENANT#a', SK: 'X' }, '1': 'done' },
      scanned: 10,
      changed: 3,
    });
  });

  it('reads counters an older item lacks as zero and a segment not started as null', () => {
    const { scanned: _s, changed: _c, ...old } = saved;
    expect(parseState('m1', { ...old, cursors: { '0': null, '1': 'done' } })).toMatchObject({
      cursors: { '0': null, '1': 'done' },
      scanned: 0,
      changed: 0,
    });
  });

  it.each([
    ['a cursor that is neither a key, done nor null', { cursors: { '0': 'half', '1': 'done' } }],
    ['a cursor that is a list', { cursors: { '0': ['PK'], '1': 'done' } }],
    ['a segment without its cursor', { cursors: { '0': 'done' } }],
    ['a cursor for a segment that does not exist', { cursors: { '0': 'done', '1': 'done', '2': null } }],
    ['no cursors', { cursors: undefined }],
    ['segments that are not a count', { segments: '2' }],
    ['a scanned count that is not a number', { scanned: '10' }],
    ['a negative changed count', { changed: -1 }],
  ])('refuses %s', (_what, change) => {
    expect(() => parseState('m1', { ...saved, ...change })).toThrow('The progress item of migration m1 is malformed');
  });
});
