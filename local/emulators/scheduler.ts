/**
 * A local stand-in for EventBridge Scheduler speaking its restJson1 wire protocol (no emulator exists
 * on npm), enough for `@aws-sdk/client-scheduler` to run unchanged: Create/Update/Get/Delete/ListSchedules
 * and CreateScheduleGroup, with the service's error shapes (ConflictException, ResourceNotFoundException,
 * ValidationException). One-time `at(...)` schedules fire by the real clock: the target is invoked in
 * process with the schedule's Input (retried per its RetryPolicy, then "dead-lettered" into a list), and
 * ActionAfterCompletion DELETE removes the schedule once it completed. `POST /_local/fire-due` with
 * `{"now": "<ISO>"}` fires every schedule due at or before that instant and answers once their targets ran.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { type IncomingMessage, type Server, createServer } from 'node:http';
import { dirname } from 'node:path';
import { listenLocal } from '../ports';

const ACCOUNT = '000000000000';
const NAME = /^[0-9a-zA-Z-_.]{1,64}$/;
const AT = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/;

class SchedulerError extends Error {
  constructor(
    readonly type: 'ConflictException' | 'ResourceNotFoundException' | 'ValidationException',
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface StoredSchedule {
  Name: string;
  GroupName: string;
  ScheduleExpression: string;
  ScheduleExpressionTimezone?: string;
  FlexibleTimeWindow: { Mode: string; MaximumWindowInMinutes?: number };
  Target: {
    Arn: string;
    RoleArn: string;
    Input?: string;
    RetryPolicy?: { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number };
    DeadLetterConfig?: { Arn?: string };
  };
  ActionAfterCompletion?: string;
  State?: string;
  Description?: string;
  CreationDate: number;
  LastModificationDate: number;
}

/** Invokes a target by ARN with the schedule's Input (parsed JSON); throws when the invocation fails. */
export type TargetInvoker = (arn: string, input: unknown) => Promise<void>;

export interface LocalScheduler {
  endpoint: string;
  /** Invocations that failed every attempt (what the target's DLQ would hold). */
  deadLetters: Array<{ name: string; input: unknown; error: string }>;
  stop(): Promise<void>;
}

const err = {
  notFound: (what: string) => new SchedulerError('ResourceNotFoundException', 404, `${what} does not exist.`),
  invalid: (message: string) => new SchedulerError('ValidationException', 400, message),
};

/** The instant an `at(...)` expression names, in its timezone (UTC or none only: all this platform uses). */
function dueAt(s: Pick<StoredSchedule, 'ScheduleExpression' | 'ScheduleExpressionTimezone'>): number | undefined {
  const m = AT.exec(s.ScheduleExpression);
  return m ? Date.parse(`${m[1]}Z`) : undefined;
}

function validate(body: Record<string, unknown>, name: string): void {
  if (!NAME.test(name)) throw err.invalid('Schedule name must match [0-9a-zA-Z-_.]{1,64}.');
  const expr = body.ScheduleExpression;
  if (typeof expr !== 'string' || !(AT.test(expr) || /^(rate|cron)\(.+\)$/.test(expr)))
    throw err.invalid('Invalid Schedule Expression.');
  const tz = body.ScheduleExpressionTimezone;
  if (tz !== undefined && tz !== 'UTC' && AT.test(expr)) throw err.invalid('Only UTC one-time schedules are supported locally.');
  const ftw = body.FlexibleTimeWindow as { Mode?: unknown } | undefined;
  if (!ftw || (ftw.Mode !== 'OFF' && ftw.Mode !== 'FLEXIBLE')) throw err.invalid('FlexibleTimeWindow.Mode is required.');
  const target = body.Target as Record<string, unknown> | undefined;
  if (!target || typeof target.Arn !== 'string' || typeof target.RoleArn !== 'string')
    throw err.invalid('Target.Arn and Target.RoleArn are required.');
  const after = body.ActionAfterCompletion;
  if (after !== undefined && after !== 'NONE' && after !== 'DELETE') throw err.invalid('Invalid ActionAfterCompletion.');
}

export async function startScheduler(opts: {
  port: number;
  /** Where schedules are kept across restarts (`npm start`); none: memory only. */
  file?: string | undefined;
  invoke: TargetInvoker;
  /** How often the real clock is checked for due schedules. */
  tickMs?: number;
}): Promise<LocalScheduler> {
  const groups = new Set<string>(['default']);
  const schedules = new Map<string, StoredSchedule>();
  const key = (group: string, name: string) => `${group}/${name}`;
  if (opts.file && existsSync(opts.file)) {
    const saved = JSON.parse(readFileSync(opts.file, 'utf8')) as { groups: string[]; schedules: StoredSchedule[] };
    for (const g of saved.groups) groups.add(g);
    for (const s of saved.schedules) schedules.set(key(s.GroupName, s.Name), s);
  }
  const save = () => {
    if (!opts.file) return;
    mkdirSync(dirname(opts.file), { recursive: true });
    writeFileSync(opts.file, JSON.stringify({ groups: [...groups], schedules: [...schedules.values()] }));
  };
  const arn = (s: { GroupName: string; Name: string }) => `arn:aws:scheduler:local:${ACCOUNT}:schedule/${s.GroupName}/${s.Name}`;
  const deadLetters: LocalScheduler['deadLetters'] = [];
  /** Schedules being fired: each fires once even if the clock and fire-due reach it together. */
  const firing = new Map<string, Promise<void>>();

  const fireOne = async (k: string, s: StoredSchedule) => {
    let input: unknown;
    try {
      input = s.Target.Input === undefined ? {} : JSON.parse(s.Target.Input);
    } catch {
      input = s.Target.Input;
    }
    const attempts = 1 + (s.Target.RetryPolicy?.MaximumRetryAttempts ?? 185);
    let lastError = '';
    let delivered = false;
    for (let i = 0; i < Math.min(attempts, 4) && !delivered; i++) {
      try {
        await opts.invoke(s.Target.Arn, input);
        delivered = true;
      } catch (e) {
        lastError = (e as Error).message;
      }
    }
    if (!delivered) deadLetters.push({ name: s.Name, input, error: lastError });
    // One-time schedules complete after their invocation; DELETE removes them then, NONE keeps them.
    const current = schedules.get(k);
    if (current === s) {
      if (s.ActionAfterCompletion === 'DELETE') schedules.delete(k);
      else schedules.set(k, { ...s, State: 'DISABLED' });
      save();
    }
  };
  const fireDue = async (now: number): Promise<string[]> => {
    const due = [...schedules.entries()].filter(([k, s]) => {
      const at = dueAt(s);
      return s.State !== 'DISABLED' && at !== undefined && at <= now && !firing.has(k);
    });
    const runs = due.map(([k, s]) => {
      const run = fireOne(k, s).finally(() => firing.delete(k));
      firing.set(k, run);
      return run;
    });
    // Those already being fired by the clock are awaited too: the answer comes once every due target ran.
    await Promise.all([...runs, ...firing.values()]);
    return due.map(([, s]) => s.Name);
  };

  const operations = async (method: string, url: URL, body: Record<string, unknown>): Promise<unknown> => {
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (method === 'POST' && parts[0] === '_local' && parts[1] === 'fire-due') {
      const now = typeof body.now === 'string' ? Date.parse(body.now) : Date.now();
      if (Number.isNaN(now)) throw err.invalid('now must be an ISO instant.');
      return { fired: await fireDue(now) };
    }
    if (parts[0] === 'schedule-groups' && parts[1] && method === 'POST') {
      if (groups.has(parts[1])) throw new SchedulerError('ConflictException', 409, `Schedule group ${parts[1]} already exists.`);
      groups.add(parts[1]);
      save();
      return { ScheduleGroupArn: `arn:aws:scheduler:local:${ACCOUNT}:schedule-group/${parts[1]}` };
    }
    if (parts[0] !== 'schedules') throw err.invalid(`Unsupported operation ${method} ${url.pathname}`);
    const name = parts[1];
    if (!name) {
      if (method !== 'GET') throw err.invalid('Unsupported operation');
      const group = url.searchParams.get('ScheduleGroup');
      const prefix = url.searchParams.get('NamePrefix') ?? '';
      const max = Number(url.searchParams.get('MaxResults') ?? 100);
      const from = Number(url.searchParams.get('NextToken') ?? 0);
      const all = [...schedules.values()]
        .filter((s) => (!group || s.GroupName === group) && s.Name.startsWith(prefix))
        .sort((a, b) => (a.Name < b.Name ? -1 : 1));
      const page = all.slice(from, from + max);
      return {
        Schedules: page.map((s) => ({
          Arn: arn(s),
          GroupName: s.GroupName,
          Name: s.Name,
          State: s.State ?? 'ENABLED',
          CreationDate: s.CreationDate,
          LastModificationDate: s.LastModificationDate,
          Target: { Arn: s.Target.Arn },
        })),
        ...(from + max < all.length ? { NextToken: String(from + max) } : {}),
      };
    }
    const groupOf = (g: unknown) => (typeof g === 'string' && g ? g : 'default');
    if (method === 'GET' || method === 'DELETE') {
      const group = groupOf(url.searchParams.get('groupName'));
      const found = schedules.get(key(group, name));
      if (!found) throw err.notFound(`Schedule ${name}`);
      if (method === 'DELETE') {
        schedules.delete(key(group, name));
        save();
        return {};
      }
      const { CreationDate, LastModificationDate, ...rest } = found;
      return { ...rest, Arn: arn(found), State: found.State ?? 'ENABLED', CreationDate, LastModificationDate };
    }
    if (method === 'POST' || method === 'PUT') {
      const group = groupOf(body.GroupName);
      if (!groups.has(group)) throw err.notFound(`Schedule group ${group}`);
      validate(body, name);
      const k = key(group, name);
      const existing = schedules.get(k);
      if (method === 'POST' && existing) throw new SchedulerError('ConflictException', 409, `Schedule ${name} already exists.`);
      if (method === 'PUT' && !existing) throw err.notFound(`Schedule ${name}`);
      const now = Math.floor(Date.now() / 1000);
      const stored: StoredSchedule = {
        ...(body as unknown as StoredSchedule),
        Name: name,
        GroupName: group,
        CreationDate: existing?.CreationDate ?? now,
        LastModificationDate: now,
      };
      delete (stored as unknown as Record<string, unknown>).ClientToken;
      schedules.set(k, stored);
      save();
      return { ScheduleArn: arn(stored) };
    }
    throw err.invalid('Unsupported operation');
  };

  const readBody = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  };
  const server: Server = createServer(async (req, res) => {
    const send = (status: number, body: unknown, type?: string) => {
      res.writeHead(status, { 'content-type': 'application/json', ...(type ? { 'x-amzn-errortype': type } : {}) });
      res.end(JSON.stringify(body));
    };
    try {
      const raw = await readBody(req);
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      send(200, await operations(req.method ?? 'GET', new URL(req.url ?? '/', 'http://localhost'), body));
    } catch (e) {
      if (e instanceof SchedulerError) send(e.status, { Message: e.message }, e.type);
      else send(500, { Message: 'Local Scheduler failed' }, 'InternalServerException');
    }
  });
  const clock = setInterval(
    () => void fireDue(Date.now()).catch((e) => console.error('[scheduler] firing failed:', e)),
    opts.tickMs ?? 1000,
  );
  clock.unref();
  const port = await listenLocal(server, opts.port);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    deadLetters,
    stop: async () => {
      clearInterval(clock);
      await Promise.all(firing.values());
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
