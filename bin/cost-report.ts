/**
 * `npm run cost-report -- [--month YYYY-MM] [--table <name>] [--memory <MB>] [--json]`: every salon's
 * estimated AWS cost for a month (functions/shared/domain/costs.ts). Reads the local platform
 * (`.data/endpoints.json`, as `npm run token` does) unless `--table` names a deployed table, which is
 * then read with the usual AWS credentials and Region (AWS_PROFILE, AWS_REGION).
 */
import { parseArgs } from 'node:util';
import { useTableOrLocal } from '../local/endpoints-file';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const USAGE = 'Usage: npm run cost-report -- [--month YYYY-MM] [--table <name>] [--memory <MB>] [--json]';
let args: { month?: string | undefined; table?: string | undefined; memory?: string | undefined; json?: boolean | undefined };
try {
  args = parseArgs({
    options: { month: { type: 'string' }, table: { type: 'string' }, memory: { type: 'string' }, json: { type: 'boolean' } },
  }).values;
} catch (err) {
  console.error(`${(err as Error).message}\n${USAGE}`);
  process.exit(1);
}
const month = args.month ?? new Date().toISOString().slice(0, 7);
if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
  console.error(`--month must be YYYY-MM.\n${USAGE}`);
  process.exit(1);
}
const memoryMb = Number(args.memory ?? 512);
if (!Number.isInteger(memoryMb) || memoryMb < 128 || memoryMb > 10_240) {
  console.error(`--memory must be the route functions' memory in MB (128-10240; the stage default is 512).\n${USAGE}`);
  process.exit(1);
}
useTableOrLocal(args.table);

const { costReport } = await import('../functions/shared/metering/cost-report');
const { PRICE_TABLE } = await import('../functions/shared/domain/costs');
const salons = await costReport(month, memoryMb);
if (args.json) {
  console.log(JSON.stringify({ month, priceTable: PRICE_TABLE, memoryMb, salons }, null, 2));
} else {
  const usd = (micros: number) => `$${(micros / 1e6).toFixed(6)}`;
  console.log(
    `Estimated AWS cost per salon, ${month} (list prices ${PRICE_TABLE.region}, checked ${PRICE_TABLE.checkedOn}; ${memoryMb} MB functions)`,
  );
  if (salons.length === 0) console.log('No salon has usage counted for this month.');
  for (const s of salons) {
    const parts = s.cost.lines.filter((l) => l.amountMicros > 0).map((l) => `${l.item} ${l.quantity} = ${usd(l.amountMicros)}`);
    console.log(
      `${s.tenantId}  ${s.name.padEnd(24).slice(0, 24)}  ${usd(s.cost.total.amountMicros)} (${s.cost.total.amount} cents)  ${parts.join(', ')}`,
    );
  }
  const total = salons.reduce((n, s) => n + s.cost.total.amountMicros, 0);
  console.log(`${salons.length} salon(s), ${usd(total)} in all.`);
}
