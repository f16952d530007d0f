import { describe, expect, it } from 'vitest';
import { stageWideResource } from '../../../functions/authorizer/authorize';
import { bearerToken } from '../../../functions/shared/auth/bearer';

describe('authorizer helpers', () => {
  it('widens the policy to the whole stage so a cached decision serves every route', () => {
    expect(stageWideResource('arn:aws:execute-api:eu-west-1:123:abc/prod/GET/v1/me')).toBe(
      'arn:aws:execute-api:eu-west-1:123:abc/prod/*/*',
    );
  });

  it('extracts only well-formed bearer tokens', () => {
    expect(bearerToken({ Authorization: 'Bearer a.b.c' })).toBe('a.b.c');
    expect(bearerToken({ authorization: 'bearer a.b.c' })).toBe('a.b.c');
    expect(bearerToken({ authorization: 'Basic dXNlcg==' })).toBeUndefined();
    expect(bearerToken({ authorization: 'Bearer not-a-jwt' })).toBeUndefined();
    expect(bearerToken({})).toBeUndefined();
    expect(bearerToken(null)).toBeUndefined();
  });
});
