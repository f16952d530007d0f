import {
  DeleteObjectsCommand,
  type DeleteObjectsCommandInput,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { deletePrefix } from '../../../functions/shared/files/delete-prefix';

const s3 = new S3Client({ region: 'us-east-1' });
const mock = mockClient(s3);
const PREFIX = 'tenants/01JAAAAAAAAAAAAAAAAAAAAAAA/';

/** A bucket in memory: what ListObjectVersions answers (at most 1,000 at once) and DeleteObjects removes. */
function versionedBucket(versions: number, markers: number) {
  let left = [
    ...Array.from({ length: versions }, (_, i) => ({ kind: 'v', Key: `${PREFIX}o${i % 700}`, VersionId: `v${i}` })),
    ...Array.from({ length: markers }, (_, i) => ({ kind: 'm', Key: `${PREFIX}o${i}`, VersionId: `m${i}` })),
  ];
  mock.on(ListObjectVersionsCommand).callsFake((input: { Prefix: string; MaxKeys: number }) => {
    const page = left.filter((o) => o.Key.startsWith(input.Prefix)).slice(0, input.MaxKeys);
    return {
      Versions: page.filter((o) => o.kind === 'v').map(({ Key, VersionId }) => ({ Key, VersionId })),
      DeleteMarkers: page.filter((o) => o.kind === 'm').map(({ Key, VersionId }) => ({ Key, VersionId })),
    };
  });
  mock.on(DeleteObjectsCommand).callsFake((input: DeleteObjectsCommandInput) => {
    const gone = new Set((input.Delete?.Objects ?? []).map((o) => `${o.Key} ${o.VersionId}`));
    left = left.filter((o) => !gone.has(`${o.Key} ${o.VersionId}`));
    return {};
  });
  return () => left.length;
}

describe('deletePrefix', () => {
  beforeEach(() => mock.reset());

  it('in a versioned bucket deletes every version and delete marker, 1,000 per call, until none is left', async () => {
    const left = versionedBucket(2100, 300);
    expect(await deletePrefix(s3, 'b', PREFIX, true)).toBe(2400);
    expect(left()).toBe(0);
    const deletes = mock.commandCalls(DeleteObjectsCommand).map((c) => c.args[0].input.Delete?.Objects ?? []);
    expect(deletes.map((d) => d.length)).toEqual([1000, 1000, 400]);
    expect(deletes.flat().every((o) => o.Key?.startsWith(PREFIX) && o.VersionId)).toBe(true);
    expect(mock.commandCalls(ListObjectsV2Command)).toHaveLength(0);
  });

  it('in an unversioned bucket deletes the keys listed, and stops on the first failed key instead of looping', async () => {
    mock.on(ListObjectsV2Command).resolves({ Contents: [{ Key: `${PREFIX}a` }, { Key: `${PREFIX}b` }] });
    mock.on(DeleteObjectsCommand).resolves({ Errors: [{ Key: `${PREFIX}b`, Code: 'AccessDenied' }] });
    await expect(deletePrefix(s3, 'b', PREFIX, false)).rejects.toThrow(/1 of 2 keys \(AccessDenied\)/);
    expect(mock.commandCalls(DeleteObjectsCommand)).toHaveLength(1);
  });

  it('answers 0 when nothing is there, and refuses a prefix that is not a folder', async () => {
    mock.on(ListObjectsV2Command).resolves({});
    expect(await deletePrefix(s3, 'b', PREFIX, false)).toBe(0);
    await expect(deletePrefix(s3, 'b', 'tenants/01JA', false)).rejects.toThrow(/folder/);
    expect(mock.commandCalls(DeleteObjectsCommand)).toHaveLength(0);
  });
});
