/**
 * The tenant session cache: one AssumeRole per salon while its session outlives what it is used for,
 * and a fresh one for a presigned URL that would outlive the cached session (the URL dies with it).
 */
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { tenantCredentials } from '../../../functions/shared/db/tenant-client';

Object.assign(process.env, { AWS_REGION: 'eu-west-3', TENANT_WRITE_ROLE_ARN: 'arn:aws:iam::000000000000:role/tenant-write' });
const sts = mockClient(STSClient);
const T0 = new Date('2027-01-01T00:00:00Z');
let issued = 0;

beforeEach(() => {
  vi.useFakeTimers({ now: T0, toFake: ['Date'] });
  sts.reset();
  issued = 0;
  sts.on(AssumeRoleCommand).callsFake((input: { DurationSeconds?: number }) => {
    issued++;
    return {
      Credentials: {
        AccessKeyId: `AKID${issued}`,
        SecretAccessKey: 'secret',
        SessionToken: 'token',
        Expiration: new Date(Date.now() + (input.DurationSeconds ?? 0) * 1000),
      },
    };
  });
});
afterEach(() => vi.useRealTimers());

describe('tenant sessions', () => {
  it('asks for hour-long sessions and reuses one for calls and presigning while it outlives them', async () => {
    const tenant = `salon-${Math.random().toString(36).slice(2)}`;
    const forCalls = tenantCredentials(tenant);
    const forUpload = tenantCredentials(tenant, (900 + 60) * 1000);
    expect((await forCalls()).accessKeyId).toBe('AKID1');
    expect(sts.commandCalls(AssumeRoleCommand)[0]?.args[0].input).toMatchObject({
      DurationSeconds: 3600,
      Tags: [{ Key: 'tenantId', Value: tenant }],
    });
    expect((await forUpload()).accessKeyId).toBe('AKID1');

    // 45 minutes on, 15 are left: enough for calls, not for a 15-minute upload URL.
    vi.setSystemTime(new Date(T0.getTime() + 45 * 60_000));
    expect((await forCalls()).accessKeyId).toBe('AKID1');
    const fresh = await forUpload();
    expect(fresh.accessKeyId).toBe('AKID2');
    expect((fresh.expiration?.getTime() ?? 0) - Date.now()).toBeGreaterThan(960_000);
    // The fresh session serves everything after.
    expect((await forCalls()).accessKeyId).toBe('AKID2');
    expect(issued).toBe(2);
  });

  it('refuses a lifetime no session reaches', () => {
    expect(() => tenantCredentials('salon-x', 3600 * 1000)).toThrow('No session lives that long');
  });
});
