/**
 * What Lambda's DynamoDB event source mapping does, on DynamoDB Local's stream: reads every shard
 * (parents before children) with DescribeStream/GetShardIterator/GetRecords, filters the records per
 * consumer with the same filter CDK deploys (functions/streams/consumers.ts), and invokes each consumer's
 * handler with a Lambda-shaped event. At least once: a shard's checkpoint moves past a batch only once
 * every consumer took it; a record a consumer reports failed (ReportBatchItemFailures) is retried from
 * there with backoff, and after `maxAttempts` it is written to `stream-failures.jsonl` (the local
 * failure destination) and the shard moves on. Checkpoints live in the data folder, so a restart
 * resumes where it left off (within the stream's 24 h).
 */
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { matchesAny, type StreamFilter } from '../functions/streams/consumers';

export interface StreamConsumer {
  name: string;
  filters: ReadonlyArray<StreamFilter>;
  handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse>;
}

export interface StreamPollerOptions {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  tableName: string;
  consumers: ReadonlyArray<StreamConsumer>;
  /** Checkpoint file; none: start from the oldest record each time (tests, in-memory tables). */
  checkpointFile?: string;
  failuresFile: string;
  intervalMs?: number;
  maxAttempts?: number;
  batchSize?: number;
}

export interface StreamPoller {
  stop(): Promise<void>;
  /** Resolves once every record written before the call has been handed to the consumers. */
  settled(): Promise<void>;
}

interface Checkpoint {
  streamArn: string;
  /** Last sequence number handled per shard, or 'closed' once a shard is finished. */
  shards: Record<string, string>;
}

export async function startStreamPoller(opts: StreamPollerOptions): Promise<StreamPoller> {
  const config = { endpoint: opts.endpoint, region: opts.region, credentials: opts.credentials };
  const ddb = new DynamoDBClient(config);
  const streams = streamsApi(opts.endpoint, opts.region, opts.credentials.accessKeyId);
  const table = await ddb.send(new DescribeTableCommand({ TableName: opts.tableName }));
  const streamArn = table.Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`Table ${opts.tableName} has no stream`);
  const maxAttempts = opts.maxAttempts ?? 5;
  const interval = opts.intervalMs ?? 100;

  let checkpoint: Checkpoint = { streamArn, shards: {} };
  if (opts.checkpointFile && existsSync(opts.checkpointFile)) {
    const saved = JSON.parse(readFileSync(opts.checkpointFile, 'utf8')) as Checkpoint;
    if (saved.streamArn === streamArn) checkpoint = saved;
  }
  const save = () => {
    if (!opts.checkpointFile) return;
    mkdirSync(dirname(opts.checkpointFile), { recursive: true });
    writeFileSync(opts.checkpointFile, JSON.stringify(checkpoint));
  };
  const iterators = new Map<string, string>();
  let running = true;
  let rounds = 0;
  const waiters: Array<{ round: number; resolve: () => void }> = [];

  const shardsOf = async (): Promise<Shard[]> => {
    const shards: Shard[] = [];
    let start: string | undefined;
    do {
      const out = await streams<{ StreamDescription?: { Shards?: Shard[]; LastEvaluatedShardId?: string } }>('DescribeStream', {
        StreamArn: streamArn,
        ...(start ? { ExclusiveStartShardId: start } : {}),
      });
      shards.push(...(out.StreamDescription?.Shards ?? []));
      start = out.StreamDescription?.LastEvaluatedShardId;
    } while (start);
    return shards;
  };

  const iteratorFor = async (shardId: string): Promise<string | undefined> => {
    const known = iterators.get(shardId);
    if (known) return known;
    const after = checkpoint.shards[shardId];
    const out = await streams<{ ShardIterator?: string }>('GetShardIterator', {
      StreamArn: streamArn,
      ShardId: shardId,
      ...(after ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after } : { ShardIteratorType: 'TRIM_HORIZON' }),
    });
    return out.ShardIterator;
  };

  /** Hands records to each consumer that wants them; retries a consumer's failed tail with backoff. */
  const dispatch = async (records: DynamoDBRecord[]) => {
    for (const consumer of opts.consumers) {
      let pending = records.filter((r) => matchesAny(consumer.filters, r));
      for (let attempt = 1; pending.length > 0; attempt++) {
        let failedAt: string | undefined;
        try {
          const res = await consumer.handler({ Records: pending });
          const failed = new Set(res?.batchItemFailures?.map((f) => f.itemIdentifier) ?? []);
          failedAt = pending.find((r) => failed.has(r.dynamodb?.SequenceNumber ?? ''))?.dynamodb?.SequenceNumber;
        } catch (err) {
          console.error(`[streams] ${consumer.name} threw:`, err);
          failedAt = pending[0]?.dynamodb?.SequenceNumber;
        }
        if (failedAt === undefined || !running) break;
        const from = pending.findIndex((r) => r.dynamodb?.SequenceNumber === failedAt);
        pending = pending.slice(Math.max(0, from));
        if (attempt >= maxAttempts) {
          // The local failure destination: what Lambda would send to the mapping's DLQ.
          const line = {
            consumer: consumer.name,
            at: new Date().toISOString(),
            sequenceNumbers: pending.map((r) => r.dynamodb?.SequenceNumber),
          };
          appendFileSync(opts.failuresFile, `${JSON.stringify(line)}\n`);
          console.error(`[streams] ${consumer.name}: gave up on ${pending.length} record(s) after ${attempt} attempts`);
          break;
        }
        await new Promise((r) => setTimeout(r, Math.min(5_000, 100 * 2 ** attempt)));
      }
    }
  };

  const pollOnce = async () => {
    const shards = await shardsOf();
    const ids = new Set(shards.map((s) => s.ShardId));
    for (const shard of shards) {
      const shardId = shard.ShardId;
      if (!shardId || checkpoint.shards[shardId] === 'closed') continue;
      // A child waits for its parent, so a key's changes arrive in order.
      const parent = shard.ParentShardId;
      if (parent && ids.has(parent) && checkpoint.shards[parent] !== 'closed') continue;
      let iterator = await iteratorFor(shardId);
      while (iterator && running) {
        let out: { Records?: StreamApiRecord[]; NextShardIterator?: string };
        try {
          out = await streams('GetRecords', { ShardIterator: iterator, Limit: opts.batchSize ?? 100 });
        } catch (err) {
          const type = (err as { type?: string }).type ?? '';
          if (type.endsWith('ExpiredIteratorException') || type.endsWith('TrimmedDataAccessException')) {
            iterators.delete(shardId);
            break;
          }
          throw err;
        }
        const records = (out.Records ?? []).map((r) => toLambdaRecord(r, streamArn, opts.region));
        if (records.length > 0) {
          await dispatch(records);
          // Stopped meanwhile: maybe not all of it went through; the next start hands it over again.
          if (!running) break;
          const last = records.at(-1)?.dynamodb?.SequenceNumber;
          if (last) checkpoint.shards[shardId] = last;
          save();
        }
        iterator = out.NextShardIterator;
        if (!iterator) {
          checkpoint.shards[shardId] = 'closed';
          iterators.delete(shardId);
          save();
          break;
        }
        iterators.set(shardId, iterator);
        if (records.length === 0) break;
      }
    }
  };

  const loop = (async () => {
    while (running) {
      try {
        await pollOnce();
      } catch (err) {
        if (running) console.error('[streams] poll failed:', err);
      }
      rounds += 1;
      const due = waiters.filter((w) => w.round < rounds);
      waiters.splice(0, waiters.length, ...waiters.filter((w) => w.round >= rounds));
      for (const w of due) w.resolve();
      if (running) await new Promise((r) => setTimeout(r, interval));
    }
  })();

  return {
    settled() {
      // Two full rounds after now: the one under way may have started before the caller's write.
      return new Promise<void>((resolve) => waiters.push({ round: rounds + 1, resolve }));
    },
    async stop() {
      running = false;
      await loop;
      for (const w of waiters.splice(0)) w.resolve();
      ddb.destroy();
    },
  };
}

interface Shard {
  ShardId?: string;
  ParentShardId?: string;
}

/** A record as the Streams JSON API returns it: the same shape Lambda hands to a function. */
interface StreamApiRecord {
  eventID?: string;
  eventName?: 'INSERT' | 'MODIFY' | 'REMOVE';
  eventVersion?: string;
  dynamodb?: {
    ApproximateCreationDateTime?: number;
    Keys?: Record<string, unknown>;
    NewImage?: Record<string, unknown>;
    OldImage?: Record<string, unknown>;
    SequenceNumber?: string;
    SizeBytes?: number;
    StreamViewType?: string;
  };
}

/**
 * The DynamoDB Streams JSON protocol, spoken directly (the SDK's streams client is not a dependency;
 * this is local only). DynamoDB Local, started with -sharedDb, reads the credential's key id from the
 * Authorization header but does not check the signature.
 */
function streamsApi(endpoint: string, region: string, accessKeyId: string) {
  const auth = `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20200101/${region}/dynamodb/aws4_request, SignedHeaders=host, Signature=0`;
  return async <T>(action: string, body: Record<string, unknown>): Promise<T> => {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `DynamoDBStreams_20120810.${action}`,
        authorization: auth,
      },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as T & { __type?: string; message?: string };
    if (!res.ok)
      throw Object.assign(new Error(`${action}: ${json.__type ?? res.status} ${json.message ?? ''}`), { type: json.__type });
    return json;
  };
}

/** A Streams API record in the shape Lambda hands to a function (dates as epoch seconds). */
function toLambdaRecord(record: StreamApiRecord, streamArn: string, region: string): DynamoDBRecord {
  const d = record.dynamodb ?? {};
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    eventSourceARN: streamArn,
    dynamodb: {
      ...(d.ApproximateCreationDateTime ? { ApproximateCreationDateTime: Math.floor(d.ApproximateCreationDateTime) } : {}),
      ...(d.Keys ? { Keys: d.Keys } : {}),
      ...(d.NewImage ? { NewImage: d.NewImage } : {}),
      ...(d.OldImage ? { OldImage: d.OldImage } : {}),
      ...(d.SequenceNumber ? { SequenceNumber: d.SequenceNumber } : {}),
      ...(d.SizeBytes !== undefined ? { SizeBytes: d.SizeBytes } : {}),
      ...(d.StreamViewType ? { StreamViewType: d.StreamViewType } : {}),
    },
  } as DynamoDBRecord;
}
