import { describe, expect, it } from 'vitest';
import {
  SubjectSealer,
  isSealedValue,
  newSubjectKey,
  seal,
  unwrapSubjectKey,
  wrapSubjectKey,
} from '../../../functions/shared/crypto/subject-keys';
import { changesOf, patchChanges, shownChanges } from '../../../functions/shared/domain/audit';
import { testCipher } from '../../support/field-cipher';

describe('subject keys (crypto-shredding of audit values)', () => {
  it('seals any JSON value and opens it for the same salon, client and field only', () => {
    const sealer = new SubjectSealer('t', 'c1', newSubjectKey());
    const sealed = seal(sealer, 'email', 'ada@example.test');
    expect(isSealedValue(sealed)).toBe(true);
    expect(sealed.sealed).not.toContain('ada');
    expect(sealer.open('email', sealed)).toBe('ada@example.test');
    expect(sealer.open('notifications', seal(sealer, 'notifications', { email: false }))).toEqual({ email: false });
    expect(() => sealer.open('phone', sealed)).toThrow();
    expect(() => new SubjectSealer('t', 'c2', newSubjectKey()).open('email', sealed)).toThrow();
  });

  it('without the key (destroyed by an erasure) a sealed value cannot be opened, even by the same salon and client', () => {
    const sealed = seal(new SubjectSealer('t', 'c1', newSubjectKey()), 'name', 'Ada Lovelace');
    expect(() => new SubjectSealer('t', 'c1', newSubjectKey()).open('name', sealed)).toThrow();
  });

  it('the stored key is wrapped under the salon cipher, bound to its client', () => {
    const cipher = testCipher('t');
    const key = newSubjectKey();
    const wrapped = wrapSubjectKey(cipher, 'c1', key);
    expect(wrapped).not.toContain(key.toString('base64url'));
    expect(unwrapSubjectKey(cipher, 'c1', wrapped).equals(key)).toBe(true);
    expect(() => unwrapSubjectKey(cipher, 'c2', wrapped)).toThrow();
    expect(() => unwrapSubjectKey(testCipher('t'), 'c1', wrapped)).toThrow();
  });

  it('audit changes seal personal fields with the sealer, redact them without, and the log shows sealed values as redacted', () => {
    const sealer = new SubjectSealer('t', 'c1', newSubjectKey());
    const sealWith = (f: string, v: unknown) => seal(sealer, f, v);
    const changes = changesOf('t', 'client', undefined, { name: 'Ada', email: 'a@x.test', clientId: 'c1' }, { seal: sealWith });
    expect(changes.clientId).toEqual({ to: 'c1' });
    expect(isSealedValue(changes.name?.to)).toBe(true);
    expect(sealer.open('email', changes.email?.to as { sealed: string })).toBe('a@x.test');
    expect(shownChanges(changes)).toEqual({
      clientId: { to: 'c1' },
      name: { to: { redacted: true } },
      email: { to: { redacted: true } },
    });
    expect(patchChanges('t', 'client', { notes: 'x' })).toEqual({ notes: { to: { redacted: true } } });
    expect(patchChanges('t', 'client', { notes: null }, sealWith)).toEqual({ notes: { to: null } });
  });
});
