/** Plan, usage against the plan's limits, and the billing buttons (owner: checkout and portal). */
import { useEffect, useState } from 'preact/hooks';
import type { Answer, Api } from '../shared/api';
import type { Membership } from './App';
import { can } from './nav';

const UPGRADES = ['starter', 'professional'] as const;

export function Billing({ api, membership }: { api: Api; membership: Membership }) {
  const tenantId = membership.tenantId;
  const path = { tenantId };
  const [billing, setBilling] = useState<Answer<'getBilling'> | undefined>();
  const [usage, setUsage] = useState<Answer<'getUsage'> | undefined>();
  const [message, setMessage] = useState<string | undefined>();
  useEffect(() => {
    void api.GET('/v1/tenants/{tenantId}/billing', { params: { path } }).then(({ data }) => setBilling(data));
    void api.GET('/v1/tenants/{tenantId}/usage', { params: { path } }).then(({ data }) => setUsage(data));
  }, [tenantId]);

  async function go(kind: 'checkout' | 'portal', plan?: (typeof UPGRADES)[number]) {
    setMessage(undefined);
    const answer =
      kind === 'checkout'
        ? await api.POST('/v1/tenants/{tenantId}/billing/checkout', { params: { path }, body: { plan: plan ?? 'starter' } })
        : await api.POST('/v1/tenants/{tenantId}/billing/portal', { params: { path } });
    if (answer.data) {
      window.location.assign(answer.data.url);
      return;
    }
    const code = answer.error?.error.code;
    setMessage(
      code === 'BILLING_UNAVAILABLE'
        ? 'Billing is not configured on this platform (no Stripe key): plans cannot be bought here.'
        : (answer.error?.error.message ?? 'Billing did not answer.'),
    );
  }

  const manage = can(membership.role, 'billing:manage');
  return (
    <section>
      <h1>Plan &amp; billing</h1>
      {billing ? (
        <p>
          Plan <strong>{billing.plan}</strong>, subscription {billing.subscriptionStatus}
          {billing.suspended ? ' (suspended)' : ''}
        </p>
      ) : (
        <p>Loading…</p>
      )}
      {usage && (
        <table>
          <caption>Usage against the plan's limits</caption>
          <thead>
            <tr>
              <th scope="col">What</th>
              <th scope="col">Used</th>
              <th scope="col">Limit</th>
            </tr>
          </thead>
          <tbody>
            <Row label="Members" used={usage.usage.users} limit={usage.limits.maxUsers} />
            <Row label="Clients" used={usage.usage.clients} limit={usage.limits.maxClients} />
            <Row
              label="Appointments this month"
              used={usage.usage.appointmentsThisMonth}
              limit={usage.limits.maxAppointmentsPerMonth}
            />
          </tbody>
        </table>
      )}
      {manage && (
        <div class="row">
          {UPGRADES.map((plan) => (
            <button key={plan} type="button" onClick={() => void go('checkout', plan)}>
              Choose {plan}
            </button>
          ))}
          {billing?.hasCustomer && (
            <button type="button" onClick={() => void go('portal')}>
              Manage payment and invoices
            </button>
          )}
        </div>
      )}
      {message && <p role="alert">{message}</p>}
    </section>
  );
}

function Row({ label, used, limit }: { label: string; used: number; limit: number }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td>{used}</td>
      <td>{limit < 0 ? 'unlimited' : limit}</td>
    </tr>
  );
}
