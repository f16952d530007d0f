/**
 * The salon's billing fields, as tenant routes read and write them (tenant-scoped credentials: only
 * the salon's own `SALON` item). The webhook writes the rest (repositories/stripe-events.ts).
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '../db/client';
import { transact } from '../db/transact';
import { tenantMetaKey } from '../db/keys';
import { tenantDb } from '../db/tenant-client';
import { type BillingView, billingView } from '../domain/billing';
import type { TenantContext } from '../domain/tenant-context';
import { isDeleted, salonBillingEmail, salonCustomerIdSet, salonName, salonPlan, salonStatus } from '../entities/salon';
import { NotFoundError } from '../errors';
import { auditStep } from '../entities/audit';
import { salonUpdateSteps } from './write-guard';

export interface BillingAccount extends BillingView {
  name: string;
  billingEmail: string;
  customerId: string | undefined;
  subscriptionId: string | undefined;
  subscriptionItemId: string | undefined;
}

const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);

async function readMeta(ctx: TenantContext): Promise<Record<string, unknown>> {
  const out = await tenantDb(ctx).send(
    new GetCommand({ TableName: tableName(), Key: tenantMetaKey(ctx.tenantId), ConsistentRead: true }),
  );
  if (!out.Item || isDeleted(out.Item)) throw new NotFoundError();
  return out.Item;
}

/** The view, from a salon item whose plan and status are checked first (the rest is optional there). */
const viewOf = (item: Record<string, unknown>) =>
  billingView({ ...item, plan: salonPlan(item), subscriptionStatus: salonStatus(item) });

export async function getBilling(ctx: TenantContext): Promise<BillingView> {
  return viewOf(await readMeta(ctx));
}

export async function getBillingAccount(ctx: TenantContext): Promise<BillingAccount> {
  const item = await readMeta(ctx);
  return {
    ...viewOf(item),
    name: salonName(item),
    billingEmail: salonBillingEmail(item),
    customerId: str(item.stripeCustomerId),
    subscriptionId: str(item.subscriptionId),
    subscriptionItemId: str(item.subscriptionItemId),
  };
}

/**
 * Stores the salon's Stripe customer id unless one is already there, and returns the one that stands:
 * of two concurrent checkouts, both keep the first id written. The caller's role (billing:manage) is
 * proven in the same transaction.
 */
export async function saveCustomerId(ctx: TenantContext, customerId: string): Promise<string> {
  const alreadySet = new Error('customer id already set');
  try {
    await transact(
      tenantDb(ctx),
      salonUpdateSteps(ctx, salonCustomerIdSet(customerId), () => alreadySet).concat(
        auditStep(ctx, {
          action: 'update',
          resource: 'subscription',
          resourceId: ctx.tenantId,
          changes: { stripeCustomerId: { to: customerId } },
        }),
      ),
    );
    return customerId;
  } catch (err) {
    if (err !== alreadySet) throw err;
    const stored = str((await readMeta(ctx)).stripeCustomerId);
    if (!stored) throw new NotFoundError();
    return stored;
  }
}
