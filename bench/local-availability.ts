/**
 * `npm run bench:local-availability`: a month of availability against one day, through the local
 * platform (started here as `npm start` starts it, on free ports and an in-memory table), the way the
 * booking page asks: `GET /v1/public/{slug}/availability` over HTTP. The demo salon gets 20 staff
 * members offering its first service, 9:00-18:00 on weekdays, with 10 appointments each on the days of
 * the month; then `--runs` rounds (default 15) ask, in turn, for one day, the month, and the month's
 * summary. Target (issue 16): the month at most 4x the latency of the day (it was 31 requests). Median
 * wall-clock latency per form; exit code 1 when the ratio is over. Writes bench/results/local-availability.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { addDays, localParts, weekdayOf, zonedInstant } from '../functions/shared/domain/zoned-time';
import { startPlatform } from './lib/platform';
import { median } from './lib/stats';

const root = resolve(import.meta.dirname, '..');
const TARGET_RATIO = 4;
const STAFF = 20;
const PER_DAY = 10;
const runsFlag = process.argv.indexOf('--runs');
const RUNS = runsFlag >= 0 ? Number(process.argv[runsFlag + 1]) : 15;

const dataDir = mkdtempSync(join(tmpdir(), 'rendezvous-bench-'));
// The demo salon is on the free plan (20 requests a minute): the seeding below needs more.
process.env.TENANT_RATE_LIMIT_FACTOR = '100';
const { child, endpoints } = await startPlatform(dataDir);
let code = 0;
try {
  const { apiUrl, demo } = endpoints;
  const cognito = new CognitoIdentityProviderClient({
    endpoint: endpoints.cognitoEndpoint,
    region: endpoints.region,
    credentials: endpoints.credentials,
  });
  const auth = await cognito.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: endpoints.userPoolClientId,
      AuthParameters: { USERNAME: demo.email, PASSWORD: demo.password },
    }),
  );
  cognito.destroy();
  const token = auth.AuthenticationResult?.AccessToken;
  if (!token) throw new Error('the demo owner could not sign in');
  const call = async (method: string, path: string, body?: unknown, auth = true) => {
    const res = await fetch(`${apiUrl}${path}`, {
      method,
      headers: {
        ...(auth ? { authorization: `Bearer ${token}` } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(json)}`);
    return json;
  };
  const base = `/v1/tenants/${demo.tenantId}`;
  const salon = (await call('GET', base)) as { settings: { timezone: string } };
  const tz = salon.settings.timezone;
  const services = (await call('GET', `${base}/services`)) as { items: Array<{ serviceId: string; durationMinutes: number }> };
  const service = services.items[0];
  if (!service) throw new Error('the demo salon has no service');
  const hours = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ start: '09:00', end: '18:00' }]]));
  const clients = (await call('POST', `${base}/clients`, { name: 'Bench Client' })) as { clientId: string };
  // 31 days from a week ahead: all in the future and within the salon's 60-day horizon.
  const first = addDays(localParts(new Date(), tz).date, 7);
  const month = Array.from({ length: 31 }, (_, i) => addDays(first, i));
  const workdays = month.filter((d) => (hours[weekdayOf(d)] ?? []).length > 0);
  process.stderr.write(`seeding ${STAFF} staff members and ${PER_DAY} appointments each per workday from ${first}…\n`);
  const staffIds: string[] = [];
  for (let s = 0; s < STAFF; s++) {
    const staff = (await call('POST', `${base}/staff`, {
      name: `Bench ${s + 1}`,
      serviceIds: [service.serviceId],
      workingHours: hours,
    })) as { staffId: string };
    staffIds.push(staff.staffId);
  }
  // The appointments straight through the booking repository (as the seed does): thousands of HTTP
  // bookings would spend the salon's request rate and minutes of the bench.
  Object.assign(process.env, {
    AWS_REGION: endpoints.region,
    AWS_ACCESS_KEY_ID: endpoints.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: endpoints.credentials.secretAccessKey,
    TABLE_NAME: endpoints.tableName,
    DYNAMODB_ENDPOINT: endpoints.dynamodbEndpoint,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  const { bookAppointment } = await import('../functions/shared/repositories/appointments');
  const { documentClient } = await import('../functions/shared/db/client');
  const scope = { tenantId: demo.tenantId, db: documentClient() };
  await Promise.all(
    staffIds.map(async (staffId) => {
      for (const date of workdays) {
        for (let i = 0; i < PER_DAY; i++) {
          const start = zonedInstant(date, `${String(9 + (i % 9)).padStart(2, '0')}:${i < 9 ? '00' : '30'}`, tz) as Date;
          await bookAppointment(scope, {
            clientId: clients.clientId,
            serviceId: service.serviceId,
            staffId,
            start,
            source: 'staff',
            createdBy: 'bench',
            enforceRules: false,
          }).catch(() => undefined);
        }
      }
    }),
  );
  const day = workdays[Math.floor(workdays.length / 2)] as string;
  const q = `/v1/public/${demo.slug}/availability?serviceId=${service.serviceId}`;
  const forms = {
    day: `${q}&date=${day}`,
    month: `${q}&from=${month[0]}&to=${month[month.length - 1]}`,
    'month summary': `${q}&from=${month[0]}&to=${month[month.length - 1]}&summary=1`,
  };
  const times: Record<string, number[]> = { day: [], month: [], 'month summary': [] };
  for (let run = 0; run <= RUNS; run++) {
    for (const [form, path] of Object.entries(forms)) {
      const t0 = performance.now();
      await call('GET', path, undefined, false);
      // The first round warms the route's modules and the salon's caches: not counted.
      if (run > 0) times[form]?.push(performance.now() - t0);
    }
  }
  const result = Object.fromEntries(Object.entries(times).map(([form, xs]) => [form, Math.round(median(xs) * 10) / 10]));
  const ratio = (result.month ?? Number.NaN) / (result.day ?? Number.NaN);
  const report = {
    runs: RUNS,
    staff: STAFF,
    appointmentsPerDay: PER_DAY,
    medianMs: result,
    monthOverDay: ratio,
    target: TARGET_RATIO,
  };
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/local-availability.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(
    `Availability through the local platform, ${STAFF} staff, ${PER_DAY} appointments a day (${RUNS} rounds, median): ` +
      `day ${result.day} ms, month ${result.month} ms, month summary ${result['month summary']} ms; ` +
      `${ratio <= TARGET_RATIO ? 'PASS' : 'FAIL'} month ${ratio.toFixed(1)}x a day, target ≤ ${TARGET_RATIO}x`,
  );
  if (!(ratio <= TARGET_RATIO)) code = 1;
} finally {
  child.kill('SIGINT');
  await new Promise((r) => child.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(code);
