/**
 * A salon's services: list, create, edit (name, duration, price, buffers), deactivate or reactivate,
 * delete. Money travels as `{amount, currency}` in minor units and is shown formatted; the price field
 * takes major units ("25.50") and is converted with the currency's own number of decimals.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Answer, Api } from '../shared/api';
import type { Membership } from './App';
import { allPages, field, useSave, useSettings } from './common';
import { explain, formatMoney, fromMinorUnits, toMinorUnits } from './format';
import { can } from './nav';
import { Listed } from './Listed';
import './screens.css';

type Service = Answer<'listServices'>['items'][number];

export function Services({ api, membership }: { api: Api; membership: Membership }) {
  const { tenantId, role } = membership;
  const path = { tenantId };
  const settings = useSettings(api, tenantId);
  const [services, setServices] = useState<Service[] | undefined>();
  const [editing, setEditing] = useState<string | undefined>();
  const [message, setMessage] = useState<string | undefined>();
  const [creating, setCreating] = useState(false);

  async function load() {
    setServices(
      await allPages(async (cursor) => {
        const { data } = await api.GET('/v1/tenants/{tenantId}/services', {
          params: { path, query: { limit: '100', ...(cursor ? { cursor } : {}) } },
        });
        return data;
      }),
    );
  }
  useEffect(() => void load(), [tenantId]);

  async function patch(service: Service, body: { active: boolean }) {
    const { error } = await api.PATCH('/v1/tenants/{tenantId}/services/{serviceId}', {
      params: { path: { tenantId, serviceId: service.serviceId } },
      body,
    });
    setMessage(
      error ? explain(error, 'The service could not be changed.') : `${service.name} is ${body.active ? 'active' : 'inactive'}.`,
    );
    await load();
  }

  async function remove(service: Service) {
    if (!window.confirm(`Delete ${service.name}?`)) return;
    const { error } = await api.DELETE('/v1/tenants/{tenantId}/services/{serviceId}', {
      params: { path: { tenantId, serviceId: service.serviceId } },
    });
    setMessage(error ? explain(error, 'The service could not be deleted.') : `${service.name} was deleted.`);
    await load();
  }

  const currency = settings?.currency ?? 'EUR';
  return (
    <section>
      <h1>Services</h1>
      {message && (
        <p role="status" class="notice">
          {message}
        </p>
      )}
      {can(role, 'services:create') && !creating && (
        <button type="button" onClick={() => setCreating(true)}>
          New service
        </button>
      )}
      {creating && (
        <ServiceForm
          api={api}
          tenantId={tenantId}
          currency={currency}
          onCancel={() => setCreating(false)}
          onSaved={(s) => {
            setCreating(false);
            setMessage(`${s.name} was added.`);
            void load();
          }}
        />
      )}
      <Listed items={services} empty="No services yet.">
        {(services) => (
          <table class="wide">
            <caption>Services</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Duration</th>
                <th scope="col">Price</th>
                <th scope="col">Buffers</th>
                <th scope="col">Bookable</th>
                <th scope="col">
                  <span class="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {services.map((s) =>
                editing === s.serviceId ? (
                  <tr key={s.serviceId}>
                    <td colSpan={6}>
                      <ServiceForm
                        api={api}
                        tenantId={tenantId}
                        currency={currency}
                        service={s}
                        onCancel={() => setEditing(undefined)}
                        onSaved={(saved) => {
                          setEditing(undefined);
                          setMessage(`${saved.name} was saved.`);
                          void load();
                        }}
                      />
                    </td>
                  </tr>
                ) : (
                  <tr key={s.serviceId} class={s.active ? undefined : 'inactive'}>
                    <th scope="row">{s.name}</th>
                    <td>{s.durationMinutes} min</td>
                    <td data-price={`${s.price.amount} ${s.price.currency}`}>{formatMoney(s.price)}</td>
                    <td>
                      {s.bufferBeforeMinutes} / {s.bufferAfterMinutes} min
                    </td>
                    <td>{s.active ? 'Yes' : 'No (inactive)'}</td>
                    <td>
                      <div class="actions">
                        {can(role, 'services:update') && (
                          <>
                            <button type="button" class="link" onClick={() => setEditing(s.serviceId)}>
                              Edit <span class="sr-only">{s.name}</span>
                            </button>
                            <button type="button" class="link" onClick={() => void patch(s, { active: !s.active })}>
                              {s.active ? 'Deactivate' : 'Reactivate'} <span class="sr-only">{s.name}</span>
                            </button>
                          </>
                        )}
                        {can(role, 'services:delete') && (
                          <button type="button" class="link danger" onClick={() => void remove(s)}>
                            Delete <span class="sr-only">{s.name}</span>
                          </button>
                        )}
                      </div>
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        )}
      </Listed>
    </section>
  );
}

function ServiceForm(props: {
  api: Api;
  tenantId: string;
  currency: string;
  service?: Service;
  onSaved: (s: Service) => void;
  onCancel: () => void;
}) {
  const { service } = props;
  const { error, setError, busy, save } = useSave('The service could not be saved.');
  const currency = service?.price.currency ?? props.currency;
  const title = service ? `Edit ${service.name}` : 'New service';

  async function submit(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const code = field(form, 'currency').toUpperCase() || currency;
    const amount = toMinorUnits(field(form, 'price'), code);
    if (amount === undefined) {
      setError(`Write the price as a number, e.g. 25${fromMinorUnits({ amount: 0, currency: code }).slice(1)}.`);
      return;
    }
    const body = {
      name: field(form, 'name'),
      durationMinutes: Number(field(form, 'duration')),
      price: { amount, currency: code },
      bufferBeforeMinutes: Number(field(form, 'bufferBefore') || '0'),
      bufferAfterMinutes: Number(field(form, 'bufferAfter') || '0'),
      active: form.get('active') === 'on',
    };
    const path = { tenantId: props.tenantId };
    await save(
      () =>
        service
          ? props.api.PATCH('/v1/tenants/{tenantId}/services/{serviceId}', {
              params: { path: { ...path, serviceId: service.serviceId } },
              body,
            })
          : props.api.POST('/v1/tenants/{tenantId}/services', { params: { path }, body }),
      props.onSaved,
    );
  }

  const id = service?.serviceId ?? 'new';
  return (
    <form class="stack panel" aria-label={title} onSubmit={submit}>
      <h2>{title}</h2>
      <label>
        Name
        <input name="name" required maxLength={120} defaultValue={service?.name ?? ''} />
      </label>
      <div class="grid">
        <label>
          Duration (minutes)
          <input
            name="duration"
            type="number"
            required
            min={1}
            max={1440}
            defaultValue={String(service?.durationMinutes ?? 30)}
          />
        </label>
        <label>
          Price
          <input name="price" inputMode="decimal" required defaultValue={service ? fromMinorUnits(service.price) : ''} />
        </label>
        <label>
          Currency
          <input name="currency" required pattern="[A-Za-z]{3}" maxLength={3} defaultValue={currency} />
        </label>
        <label>
          Buffer before (minutes)
          <input name="bufferBefore" type="number" min={0} max={240} defaultValue={String(service?.bufferBeforeMinutes ?? 0)} />
        </label>
        <label>
          Buffer after (minutes)
          <input name="bufferAfter" type="number" min={0} max={240} defaultValue={String(service?.bufferAfterMinutes ?? 0)} />
        </label>
      </div>
      <label class="inline" for={`active-${id}`}>
        <input id={`active-${id}`} type="checkbox" name="active" defaultChecked={service?.active ?? true} />
        Bookable (active)
      </label>
      {error && <p role="alert">{error}</p>}
      <div class="row">
        <button type="submit" disabled={busy}>
          Save service
        </button>
        <button type="button" class="link" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
