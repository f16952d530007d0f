/**
 * The local stand-in for S3 → EventBridge → the file reconciler: s3rver runs in its own process and
 * emits no notifications, so this lists `tenants/` every `intervalMs`, compares with the last listing,
 * and hands the real handler (functions/files/reconcile-objects.ts) an EventBridge-shaped "Object
 * Created" for each new or changed object and "Object Deleted" for each one gone. Sequencers are made
 * from a counter that only grows, so they order as S3's do for one key. What it does not reproduce:
 * events for changes that come and go between two listings, and S3's at-least-once redelivery.
 */
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { EventBridgeEvent } from 'aws-lambda';

interface ObjectDetail {
  bucket: { name: string };
  object: { key: string; size?: number; sequencer: string };
}

type Handler = (event: EventBridgeEvent<string, ObjectDetail>) => Promise<void>;

export interface FileEventsOptions {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  bucketName: string;
  handler: () => Promise<Handler>;
  intervalMs?: number;
  onError?: (err: unknown) => void;
}

export interface FileEvents {
  stop(): Promise<void>;
  /** Lists now and delivers what changed (tests call it instead of waiting for the timer). */
  scan(): Promise<number>;
}

export function startFileEvents(opts: FileEventsOptions): FileEvents {
  const s3 = new S3Client({ endpoint: opts.endpoint, region: opts.region, credentials: opts.credentials, forcePathStyle: true });
  let seen: Map<string, string> | undefined;
  let counter = BigInt(Date.now()) * 1000n;
  let running: Promise<number> | undefined;
  let stopped = false;

  const event = (detailType: string, key: string, size?: number): EventBridgeEvent<string, ObjectDetail> => {
    counter += 1n;
    return {
      version: '0',
      id: `local-${counter}`,
      'detail-type': detailType,
      source: 'aws.s3',
      account: '000000000000',
      time: new Date().toISOString(),
      region: opts.region,
      resources: [`arn:aws:s3:::${opts.bucketName}`],
      detail: {
        bucket: { name: opts.bucketName },
        object: { key, ...(size === undefined ? {} : { size }), sequencer: counter.toString(16).toUpperCase().padStart(18, '0') },
      },
    };
  };

  async function list(): Promise<Map<string, { size: number; tag: string }>> {
    const found = new Map<string, { size: number; tag: string }>();
    let token: string | undefined;
    do {
      const out = await s3.send(
        new ListObjectsV2Command({ Bucket: opts.bucketName, Prefix: 'tenants/', ContinuationToken: token }),
      );
      for (const o of out.Contents ?? []) {
        if (o.Key) found.set(o.Key, { size: o.Size ?? 0, tag: `${o.ETag}:${o.LastModified?.toISOString()}:${o.Size}` });
      }
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token);
    return found;
  }

  async function scanOnce(): Promise<number> {
    const handler = await opts.handler();
    const now = await list();
    const before = seen ?? new Map<string, string>();
    let delivered = 0;
    for (const [key, { size, tag }] of now) {
      if (before.get(key) === tag) continue;
      await handler(event('Object Created', key, size));
      delivered++;
    }
    for (const key of before.keys()) {
      if (now.has(key)) continue;
      await handler(event('Object Deleted', key));
      delivered++;
    }
    // What the handler itself removed shows up as deleted at the next scan, which is what S3 would send.
    seen = new Map([...now].map(([key, { tag }]) => [key, tag]));
    return delivered;
  }

  const scan = (): Promise<number> => {
    const next = (running ?? Promise.resolve(0)).catch(() => 0).then(scanOnce);
    running = next;
    return next;
  };

  const timer = setInterval(() => {
    if (stopped) return;
    scan().catch((err) => opts.onError?.(err));
  }, opts.intervalMs ?? 2_000);
  timer.unref();

  return {
    scan,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => undefined);
      s3.destroy();
    },
  };
}
