/**
 * `npm run reconcile-stats -- [--tenant <id>] [--table <name>]`: brings the analytics counters of one
 * salon, or of every live salon, in line with their raw appointments and clients (for salons from before
 * the counters, or a repair; functions/shared/repositories/analytics.ts `reconcileDailyStats`). Reads
 * the local platform (`.data/endpoints.json`) unless `--table` names a deployed table, which is then
 * read and written with the usual AWS credentials and Region (AWS_PROFILE, AWS_REGION).
 */
import { parseArgs } from 'node:util';
import { useTableOrLocal } from '../local/endpoints-file';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const USAGE = 'Usage: npm run reconcile-stats -- [--tenant <salon id>] [--table <name>]';
let args: { tenant?: string | undefined; table?: string | undefined };
try {
  args = parseArgs({ options: { tenant: { type: 'string' }, table: { type: 'string' } } }).values;
} catch (err) {
  console.error(`${(err as Error).message}\n${USAGE}`);
  process.exit(1);
}
if (args.tenant !== undefined && !/^[0-9A-HJKMNP-TV-Z]{26}$/.test(args.tenant)) {
  console.error(`--tenant must be a salon id (a ULID).\n${USAGE}`);
  process.exit(1);
}
useTableOrLocal(args.table);

const { documentClient } = await import('../functions/shared/db/client');
const { reconcileStats } = await import('../functions/shared/repositories/reconcile-stats');
const salons = await reconcileStats(documentClient(), args.tenant);
for (const s of salons) {
  if (s.unreadable !== undefined) {
    console.error(`${s.tenantId}: skipped, an item could not be read (${s.unreadable})`);
    continue;
  }
  const settled = s.corrected.at(-1) === 0;
  console.log(`${s.tenantId}: ${s.corrected.join(' then ')} date(s) corrected${settled ? '' : ' (did not settle: run again)'}`);
}
const skipped = salons.filter((s) => s.unreadable !== undefined).length;
console.log(`${salons.length - skipped} salon(s) reconciled${skipped ? `, ${skipped} skipped (see above)` : ''}.`);
