/**
 * DynamoDB capacity measured per unit of work (an API request, a stream record, a reminder): inside
 * `measured(...)`, every call of a client that has `withCapacityMeter` asks DynamoDB for its TOTAL
 * consumed capacity and adds it to that work's tally (AsyncLocalStorage: the local gateway runs
 * concurrent requests in one process). A call that answers no ConsumedCapacity (a failed condition,
 * a cancelled transaction, an emulator that omits it) is counted as unmeasured and priced by the
 * model (domain/costs.ts DYNAMODB_MODEL). Outside `measured` the client is left as it is.
 *
 * The tally leaves the function as one JSON line on stdout (`meterLine`), which CloudWatch Logs hands
 * to the metering subscriber with the access logs (lib/constructs/background-jobs.ts); locally the
 * stack points `setMeterSink` at its metering batcher. Outside Lambda, with no sink set, it is dropped.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { isMap } from '../entities/codec';

export interface CapacityTally {
  /** Read request units DynamoDB reported. */
  read: number;
  /** Write request units DynamoDB reported. */
  write: number;
  /** DynamoDB calls that reported their capacity. */
  measuredCalls: number;
  /** DynamoDB calls that reported none (failed, or not returned): priced by the model. */
  unmeasuredCalls: number;
  /** Milliseconds of function time spent on this work (set by `measured`). */
  ms: number;
}

const scope = new AsyncLocalStorage<CapacityTally>();

export const emptyTally = (): CapacityTally => ({ read: 0, write: 0, measuredCalls: 0, unmeasuredCalls: 0, ms: 0 });

/** The tally of the work running now, if any. */
export const currentTally = (): CapacityTally | undefined => scope.getStore();

/** Runs `fn` with a fresh tally; the tally (with the elapsed ms) is handed to `done` even when `fn` throws. */
export async function measured<T>(fn: () => Promise<T>, done: (tally: CapacityTally) => void): Promise<T> {
  const tally = emptyTally();
  const started = performance.now();
  try {
    return await scope.run(tally, fn);
  } finally {
    tally.ms = Math.max(0, Math.round(performance.now() - started));
    done(tally);
  }
}

/** The operations whose input takes ReturnConsumedCapacity, under both the low-level and document names. */
const METERED = new Set([
  'GetItem',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'Query',
  'Scan',
  'BatchGetItem',
  'BatchWriteItem',
  'TransactGetItems',
  'TransactWriteItems',
  'Get',
  'Put',
  'Update',
  'Delete',
  'BatchGet',
  'BatchWrite',
  'TransactGet',
  'TransactWrite',
]);

/**
 * Adds what one answer reports (one object, or one per table for batches and transactions). TOTAL
 * splits reads and writes; a lone CapacityUnits goes to the side the operation is on.
 */
export function addConsumed(tally: CapacityTally, consumed: unknown, write: boolean): boolean {
  const list = Array.isArray(consumed) ? consumed : consumed ? [consumed] : [];
  let seen = false;
  for (const c of list) {
    if (!isMap(c)) continue;
    const read = Number(c.ReadCapacityUnits ?? 0);
    const written = Number(c.WriteCapacityUnits ?? 0);
    const total = Number(c.CapacityUnits ?? 0);
    if (![read, written, total].every(Number.isFinite)) continue;
    seen = true;
    if (read > 0 || written > 0) {
      tally.read += read;
      tally.write += written;
    } else if (write) tally.write += total;
    else tally.read += total;
  }
  return seen;
}

interface Stack {
  add(
    mw: (
      next: (args: { input: unknown }) => Promise<{ output: unknown }>,
      context: { commandName?: string },
    ) => (args: { input: unknown }) => Promise<{ output: unknown }>,
    options: { step: 'initialize'; name: string; override?: boolean },
  ): void;
}

const READ_ONLY = /^(Get|Query|Scan|BatchGet|TransactGet)/;

/** Measures a DynamoDB (or document) client's calls inside `measured`. Returns the client. */
export function withCapacityMeter<C extends { middlewareStack: unknown }>(client: C): C {
  // Sound: every SDK client's stack has this add (the document client's too); only their Input types
  // differ, and the middleware reads input and output as unknown, checked below.
  (client.middlewareStack as Stack).add(
    (next, context) => async (args) => {
      const tally = scope.getStore();
      const operation = (context.commandName ?? '').replace(/Command$/, '');
      if (!tally || !METERED.has(operation)) return next(args);
      const { input } = args;
      if (isMap(input) && input.ReturnConsumedCapacity === undefined) Object.assign(input, { ReturnConsumedCapacity: 'TOTAL' });
      try {
        const out = await next(args);
        const consumed = isMap(out.output) ? out.output.ConsumedCapacity : undefined;
        if (addConsumed(tally, consumed, !READ_ONLY.test(operation))) tally.measuredCalls += 1;
        else tally.unmeasuredCalls += 1;
        return out;
      } catch (err) {
        tally.unmeasuredCalls += 1;
        throw err;
      }
    },
    { step: 'initialize', name: 'rendezvousCapacityMeter', override: true },
  );
  return client;
}

/** What the metering subscriber reads from a function's log (functions/shared/metering/api-calls.ts). */
export interface MeterLine {
  meter: 'work';
  tenantId: string;
  /** Epoch ms of the work, to place it in the salon's month. */
  at: number;
  /** `api`: an API request (its calls are counted from the access log); `job`: a stream record or scheduled work. */
  kind: 'api' | 'job';
  rru: number;
  wru: number;
  /** DynamoDB calls that reported no capacity (priced by the model). */
  unmeasured: number;
  /** Function milliseconds of a job (API requests' time comes from the access log's integration latency). */
  ms?: number;
  /** The job function's memory (MB), to turn ms into GB-seconds. */
  memoryMb?: number;
}

let sink: (line: MeterLine) => void = (line) => {
  // Only Lambda's log has a reader (the subscription filter): elsewhere (tests, scripts) it would be noise.
  if (!process.env.AWS_LAMBDA_FUNCTION_NAME) return;
  // One raw JSON line (not through the logger: metering must not depend on the log level).
  process.stdout.write(`${JSON.stringify(line)}\n`);
};

/** Where meter lines go: stdout on Lambda (the default), the local metering batcher under `npm start`. */
export function setMeterSink(next: (line: MeterLine) => void): void {
  sink = next;
}

/** This function's memory (Lambda sets it); undefined outside Lambda, where the estimate uses the stage default. */
export const jobMemoryMb = (): number | undefined => Number(process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE) || undefined;

const round = (n: number) => Math.round(n * 1000) / 1000;

/** Writes one salon's work as a meter line. */
export function meterWork(
  tenantId: string | undefined,
  tally: CapacityTally,
  kind: MeterLine['kind'],
  at = Date.now(),
  memoryMb?: number,
): void {
  if (!tenantId) return;
  // Every API request is reported (it says the request was measured); a job only when it did something.
  if (kind === 'job' && tally.measuredCalls + tally.unmeasuredCalls === 0 && tally.ms === 0) return;
  sink({
    meter: 'work',
    tenantId,
    at,
    kind,
    rru: round(tally.read),
    wru: round(tally.write),
    unmeasured: tally.unmeasuredCalls,
    ...(kind === 'job' ? { ms: tally.ms, ...(memoryMb ? { memoryMb } : {}) } : {}),
  });
}
