/**
 * `npm run bench -- --only engine,handler`: CPU of availability.
 *
 * - engine: the pure computation with its formatted answer (`toOffsetIso` strings), for one day and a
 *   month (March 2027 in Paris: 31 dates, one a DST change), 1/5/20/50 staff members, 0/10/40
 *   appointments a day across the salon, steps of 5 and 15 minutes; the current engine against the one it
 *   replaced (tests/support/reference-engine), which answered a month as 31 one-day calls.
 * - handler: the availability handler's work below the HTTP edge (query validation, the two Queries
 *   through a real DynamoDB client whose HTTP handler is a plain stub answering canned JSON, so signing,
 *   marshalling and unmarshalling are counted, then the answer serialized), warm, in process: a day,
 *   a month, a month's summary.
 *
 * Each figure is the median over batches of the CPU time per call (process.cpuUsage, user + system),
 * batches long enough (~25 ms) for the clock's resolution. The machine is shared: read the load average.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { AvailabilityQuery } from '../functions/shared/domain/appointment-input';
import { type StaffSchedule, openSlotsByDate } from '../functions/shared/domain/availability';
import type { BookingRules, ServiceTiming, WorkingHours } from '../functions/shared/domain/schedule';
import { addDays, zonedInstant } from '../functions/shared/domain/zoned-time';
import { availability } from '../functions/shared/repositories/open-slots';
import * as ref from '../tests/support/reference-engine/availability';
import { toOffsetIso as refOffsetIso } from '../tests/support/reference-engine/zoned-time';
import { median } from './lib/stats';
import { prng } from './lib/prng';

const TZ = 'Europe/Paris';
const MONTH = Array.from({ length: 31 }, (_, i) => addDays('2027-03-01', i));
const DAY = '2027-03-10';
const NOW = new Date('2027-02-20T08:00:00Z');
const SERVICE: ServiceTiming = { durationMinutes: 45, bufferBeforeMinutes: 0, bufferAfterMinutes: 10 };
const MINUTE = 60_000;
const SERVICE_ID = '01JSRVCE000000000000000000';

/** Mon-Sat, 09:00-18:00; every other staff member takes 12:00-13:00 off. */
function hoursOf(i: number): WorkingHours {
  const ranges =
    i % 2 === 0
      ? [{ start: '09:00', end: '18:00' }]
      : [
          { start: '09:00', end: '12:00' },
          { start: '13:00', end: '18:00' },
        ];
  return { mon: ranges, tue: ranges, wed: ranges, thu: ranges, fri: ranges, sat: ranges };
}

interface Salon {
  staff: Array<{ staffId: string; workingHours: WorkingHours }>;
  /** Busy spans per staff member and date (the date the day item is filed under). */
  spans: Map<string, Map<string, Array<{ start: Date; end: Date }>>>;
}

function salon(staffCount: number, perDay: number): Salon {
  const rand = prng(staffCount * 100 + perDay);
  const staff = Array.from({ length: staffCount }, (_, i) => ({
    staffId: `01JSTAFF${String(i).padStart(18, '0')}`,
    workingHours: hoursOf(i),
  }));
  const spans = new Map(staff.map((s) => [s.staffId, new Map<string, Array<{ start: Date; end: Date }>>()]));
  for (const date of [
    addDays(MONTH[0] as string, -2),
    addDays(MONTH[0] as string, -1),
    ...MONTH,
    addDays('2027-03-31', 1),
    addDays('2027-03-31', 2),
  ]) {
    for (let k = 0; k < perDay; k++) {
      const s = staff[k % staffCount] as Salon['staff'][number];
      const quarter = Math.floor(rand() * 32); // 09:00..16:45
      const start = zonedInstant(
        date,
        `${String(9 + Math.floor(quarter / 4)).padStart(2, '0')}:${String((quarter % 4) * 15).padStart(2, '0')}`,
        TZ,
      );
      if (!start) continue;
      const list = spans.get(s.staffId)?.get(date) ?? [];
      list.push({ start, end: new Date(start.getTime() + 55 * MINUTE) });
      spans.get(s.staffId)?.set(date, list);
    }
  }
  return { staff, spans };
}

/** Each staff member's schedule with the busy spans of the day items from `from - 1` to `to + 1`, as the reads give them. */
function schedules(s: Salon, from: string, to: string): StaffSchedule[] {
  const dates: string[] = [];
  for (let d = addDays(from, -1); d <= addDays(to, 1); d = addDays(d, 1)) dates.push(d);
  return s.staff.map((st) => ({
    ...st,
    timeOff: [],
    busy: dates.flatMap((d) => s.spans.get(st.staffId)?.get(d) ?? []),
  }));
}

/** Median CPU microseconds per call over batches of ~25 ms (at least `minBatches`, at most ~1.5 s in all). */
function cpuPerCall(fn: () => unknown, minBatches = 7): number {
  fn();
  const t0 = process.cpuUsage();
  fn();
  const once = Math.max(1, cpuMicros(process.cpuUsage(t0)));
  const perBatch = Math.max(1, Math.round(25_000 / once));
  const samples: number[] = [];
  const started = performance.now();
  while (samples.length < minBatches || (performance.now() - started < 1500 && samples.length < 40)) {
    const c = process.cpuUsage();
    for (let i = 0; i < perBatch; i++) fn();
    samples.push(cpuMicros(process.cpuUsage(c)) / perBatch);
    if (samples.length >= minBatches && performance.now() - started > 4000) break;
  }
  return median(samples);
}
/** Median CPU µs per call of an async function, batches of ~25 ms, warm. */
export async function cpuPerCallAsync(fn: () => Promise<unknown>, batches = 9): Promise<number> {
  for (let i = 0; i < 5; i++) await fn();
  const t0 = process.cpuUsage();
  await fn();
  const once = Math.max(1, cpuMicros(process.cpuUsage(t0)));
  const perBatch = Math.max(1, Math.round(25_000 / once));
  const samples: number[] = [];
  for (let b = 0; b < batches; b++) {
    const c = process.cpuUsage();
    for (let i = 0; i < perBatch; i++) await fn();
    samples.push(cpuMicros(process.cpuUsage(c)) / perBatch);
  }
  return median(samples);
}
const cpuMicros = (u: NodeJS.CpuUsage) => u.user + u.system;
const ms = (us: number) => (us / 1000).toFixed(us < 10_000 ? 2 : 1);

export interface EngineRow {
  form: 'day' | 'month';
  staff: number;
  perDay: number;
  step: number;
  slots: number;
  beforeUs: number;
  afterUs: number;
}

export function engineSection(): EngineRow[] {
  const rows: EngineRow[] = [];
  for (const form of ['day', 'month'] as const) {
    for (const staffCount of [1, 5, 20, 50]) {
      for (const perDay of [0, 10, 40]) {
        const s = salon(staffCount, perDay);
        for (const step of [5, 15]) {
          const rules: BookingRules = { timezone: TZ, slotStepMinutes: step, minimumNoticeMinutes: 60, bookingHorizonDays: 90 };
          const dates = form === 'day' ? [DAY] : MONTH;
          const all = schedules(s, dates[0] as string, dates[dates.length - 1] as string);
          const perDate = dates.map((d) => schedules(s, d, d));
          const after = () => openSlotsByDate({ dates, rules, service: SERVICE, staff: all, now: NOW });
          // The old handler: one call per date, each formatting its slots with toOffsetIso.
          const before = () =>
            dates.map((date, i) =>
              ref
                .availableSlots({ date, rules, service: SERVICE, staff: perDate[i] as StaffSchedule[], now: NOW })
                .map((x) => ({ start: refOffsetIso(x.start, TZ), staffId: x.staffId })),
            );
          const slots = after().reduce((n, d) => n + d.slots.length, 0);
          const beforeSlots = before().reduce((n, d) => n + d.length, 0);
          if (slots !== beforeSlots) throw new Error(`engines disagree: ${slots} vs ${beforeSlots} slots`);
          const row = {
            form,
            staff: staffCount,
            perDay,
            step,
            slots,
            beforeUs: cpuPerCall(before, 5),
            afterUs: cpuPerCall(after),
          };
          process.stderr.write(
            `engine ${form} ${staffCount} staff ${perDay}/day step ${step}: ${ms(row.beforeUs)} -> ${ms(row.afterUs)} ms\n`,
          );
          rows.push(row);
        }
      }
    }
  }
  return rows;
}

/** A DynamoDB client whose HTTP handler answers from canned items, with no network and no mock library. */
function stubClient(s: Salon) {
  const catalog = [
    {
      PK: 'TENANT#T',
      SK: 'SALON',
      id: 'T',
      settings: {
        timezone: TZ,
        locale: 'fr-FR',
        currency: 'EUR',
        dateFormat: 'dd/MM/yyyy',
        weekStartsOn: 1,
        slotStepMinutes: 15,
        minimumNoticeMinutes: 60,
        bookingHorizonDays: 90,
        cancellationNoticeHours: 24,
        maxOpenBookingsPerEmail: 3,
      },
    },
    {
      PK: 'TENANT#T',
      SK: `SALON#SERVICE#${SERVICE_ID}`,
      serviceId: SERVICE_ID,
      name: 'Cut',
      durationMinutes: 45,
      bufferAfterMinutes: 10,
      price: { amount: 100, currency: 'EUR' },
      active: true,
      createdAt: 'x',
      updatedAt: 'x',
    },
    ...s.staff.map((st) => ({
      PK: 'TENANT#T',
      SK: `SALON#STAFF#${st.staffId}`,
      staffId: st.staffId,
      name: 'Sam',
      serviceIds: [SERVICE_ID],
      workingHours: st.workingHours,
      timeOff: [],
      createdAt: 'x',
      updatedAt: 'x',
    })),
  ].map((i) => marshall(i, { removeUndefinedValues: true }));
  const days: Array<{ sk: string; item: Record<string, unknown> }> = [];
  for (const st of s.staff) {
    for (const [date, list] of s.spans.get(st.staffId) ?? []) {
      const sk = `DAY#${date}#${st.staffId}`;
      const spans = Object.fromEntries(
        list.map((x, i) => [
          `01JAPPT${date.replaceAll('-', '')}${String(i).padStart(11, '0')}`,
          { start: x.start.toISOString(), end: x.end.toISOString() },
        ]),
      );
      days.push({ sk, item: marshall({ PK: 'TENANT#T', SK: sk, staffId: st.staffId, date, version: list.length, spans }) });
    }
  }
  days.sort((a, b) => (a.sk < b.sk ? -1 : 1));
  const bySk = new Map<string, Record<string, unknown>>();
  for (const item of catalog) bySk.set(String((item.SK as { S: string }).S), item);
  for (const d of days) bySk.set(d.sk, d.item);
  const staffItems = catalog.filter((i) => String((i.SK as { S: string }).S).startsWith('SALON#STAFF#'));
  const answer = (out: unknown) => ({
    response: {
      statusCode: 200,
      reason: 'OK',
      headers: { 'content-type': 'application/x-amz-json-1.0' },
      body: new TextEncoder().encode(JSON.stringify(out)),
    },
  });
  const requestHandler = {
    handle: async (request: { body?: unknown }) => {
      const input = JSON.parse(String(request.body)) as {
        RequestItems?: Record<string, { Keys: Array<{ SK: { S: string } }> }>;
        ExpressionAttributeValues?: Record<string, { S: string }>;
      };
      // BatchGetItem (the salon and the service, or a named staff member's keys): the items that exist.
      if (input.RequestItems) {
        const responses = Object.fromEntries(
          Object.entries(input.RequestItems).map(([table, { Keys }]) => [table, Keys.flatMap((k) => bySk.get(k.SK.S) ?? [])]),
        );
        return answer({ Responses: responses, UnprocessedKeys: {} });
      }
      const v = input.ExpressionAttributeValues ?? {};
      // Every staff member offers the one service, so the staff Query's filter keeps them all.
      const items = v[':salon']
        ? catalog
        : v[':staff']
          ? staffItems
          : days.filter((d) => d.sk >= (v[':from']?.S ?? '') && d.sk <= (v[':to']?.S ?? '')).map((d) => d.item);
      return answer({ Items: items, Count: items.length, ScannedCount: items.length });
    },
    updateHttpClientConfig: () => undefined,
    httpHandlerConfigs: () => ({}),
  };
  const base = new DynamoDBClient({
    region: 'eu-west-1',
    endpoint: 'http://stub.invalid',
    credentials: { accessKeyId: 'AKIDSTUB', secretAccessKey: 'stub' },
    requestHandler,
  });
  return DynamoDBDocumentClient.from(base, { marshallOptions: { removeUndefinedValues: true } });
}

export interface HandlerRow {
  staff: number;
  perDay: number;
  form: string;
  bytes: number;
  cpuUs: number;
}

export async function handlerSection(): Promise<HandlerRow[]> {
  process.env.TABLE_NAME ??= 'bench';
  const rows: HandlerRow[] = [];
  for (const [staffCount, perDay] of [
    [5, 10],
    [20, 10],
    [20, 40],
    [50, 40],
  ] as const) {
    const s = salon(staffCount, perDay);
    const scope = { tenantId: 'T', db: stubClient(s) };
    const forms: Array<[string, Record<string, string>]> = [
      ['day', { date: DAY }],
      ['month (31 days)', { from: MONTH[0] as string, to: MONTH[30] as string }],
      ['month summary', { from: MONTH[0] as string, to: MONTH[30] as string, summary: '1' }],
    ];
    for (const [form, q] of forms) {
      const run = async () => {
        const query = AvailabilityQuery.parse({ serviceId: SERVICE_ID, ...q });
        return JSON.stringify(await availability(scope, query, NOW));
      };
      const bytes = (await run()).length;
      const row = { staff: staffCount, perDay, form, bytes, cpuUs: await cpuPerCallAsync(run) };
      process.stderr.write(`handler ${staffCount} staff ${perDay}/day ${form}: ${ms(row.cpuUs)} ms\n`);
      rows.push(row);
    }
  }
  return rows;
}

/** 20 staff members' month with its formatted answer, under 50 ms of CPU; a month at most 4x a day. */
export const AVAILABILITY_TARGETS = { monthOf20StaffMs: 50, monthOverDay: 4 } as const;

export function engineTable(rows: EngineRow[]): string {
  const lines = [
    '| form | staff | appts/day | step | slots | before (ms CPU) | after (ms CPU) | speed-up |',
    '|---|--:|--:|--:|--:|--:|--:|--:|',
    ...rows.map(
      (r) =>
        `| ${r.form} | ${r.staff} | ${r.perDay} | ${r.step} | ${r.slots} | ${ms(r.beforeUs)} | ${ms(r.afterUs)} | ${(r.beforeUs / r.afterUs).toFixed(1)}x |`,
    ),
  ];
  return lines.join('\n');
}

export function handlerTable(rows: HandlerRow[]): string {
  const dayOf = (r: HandlerRow) =>
    rows.find((d) => d.staff === r.staff && d.perDay === r.perDay && d.form === 'day') as HandlerRow;
  return [
    '| staff | appts/day | form | answer bytes | ms CPU / request | vs day |',
    '|--:|--:|---|--:|--:|--:|',
    ...rows.map(
      (r) => `| ${r.staff} | ${r.perDay} | ${r.form} | ${r.bytes} | ${ms(r.cpuUs)} | ${(r.cpuUs / dayOf(r).cpuUs).toFixed(1)}x |`,
    ),
  ].join('\n');
}

/** Verdicts against the targets, one line each. */
export function availabilityVerdicts(engine: EngineRow[], handler: HandlerRow[]): string[] {
  const out: string[] = [];
  const month20 = engine.filter((r) => r.form === 'month' && r.staff === 20);
  if (month20.length) {
    const worst = Math.max(...month20.map((r) => r.afterUs)) / 1000;
    out.push(
      `${worst < AVAILABILITY_TARGETS.monthOf20StaffMs ? 'PASS' : 'FAIL'} engine: 20-staff month, formatted, worst ${worst.toFixed(1)} ms < ${AVAILABILITY_TARGETS.monthOf20StaffMs} ms`,
    );
  }
  const h20 = handler.filter((r) => r.staff === 20);
  const day = h20.find((r) => r.form === 'day' && r.perDay === 10);
  const month = h20.find((r) => r.form.startsWith('month (') && r.perDay === 10);
  if (day && month) {
    const ratio = month.cpuUs / day.cpuUs;
    out.push(
      `${ratio <= AVAILABILITY_TARGETS.monthOverDay ? 'PASS' : 'FAIL'} handler: 20-staff month ${ms(month.cpuUs)} ms = ${ratio.toFixed(1)}x a day (${ms(day.cpuUs)} ms), target ≤ ${AVAILABILITY_TARGETS.monthOverDay}x; ${month.cpuUs / 1000 < AVAILABILITY_TARGETS.monthOf20StaffMs ? 'PASS' : 'FAIL'} under ${AVAILABILITY_TARGETS.monthOf20StaffMs} ms`,
    );
  }
  return out;
}

export async function writeAvailabilityResults(repoRoot: string, data: unknown): Promise<string> {
  const file = path.join(repoRoot, 'bench/results/availability.json');
  await writeFile(file, `${JSON.stringify(data, null, 2)}\n`);
  return file;
}
