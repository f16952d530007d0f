/**
 * A salon's clients: search (an exact email is one indexed request; a name is matched over the pages the
 * API lists, since it has no name query), create, edit (with notification preferences), delete, and a
 * client's appointments. Each action shows only for the roles the RBAC table allows.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Answer, Api } from '../shared/api';
import { formatDate, formatTime, localDate } from '../shared/time';
import type { Membership } from './App';
import { allPages, field, useSave, useSettings } from './common';
import { LOCALE } from './format';
import { can } from './nav';
import { Listed } from './Listed';
import './screens.css';

type Client = Answer<'listClients'>['items'][number];
type Appointment = Answer<'listAppointments'>['items'][number];

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

export function Clients({ api, membership }: { api: Api; membership: Membership }) {
  const { tenantId, role } = membership;
  const path = { tenantId };
  const [clients, setClients] = useState<Client[] | undefined>();
  const [query, setQuery] = useState('');
  const [searched, setSearched] = useState<string | undefined>();
  const [message, setMessage] = useState<string | undefined>();
  const [selected, setSelected] = useState<Client | undefined>();
  const [creating, setCreating] = useState(false);

  async function firstPage() {
    const { data } = await api.GET('/v1/tenants/{tenantId}/clients', { params: { path, query: { limit: '50' } } });
    setClients(data?.items ?? []);
    setSearched(undefined);
  }
  useEffect(() => void firstPage(), [tenantId]);

  async function search(event: Event) {
    event.preventDefault();
    setMessage(undefined);
    const q = query.trim();
    if (!q) return firstPage();
    setClients(undefined);
    if (q.includes('@')) {
      const { data, error } = await api.GET('/v1/tenants/{tenantId}/clients', { params: { path, query: { email: q } } });
      if (error) setMessage(error.error.message);
      setClients(data?.items ?? []);
    } else {
      const needle = fold(q);
      const all = await allPages(async (cursor) => {
        const { data } = await api.GET('/v1/tenants/{tenantId}/clients', {
          params: { path, query: { limit: '100', ...(cursor ? { cursor } : {}) } },
        });
        return data;
      });
      setClients(all.filter((c) => fold(c.name).includes(needle)));
    }
    setSearched(q);
  }

  function saved(client: Client, note: string) {
    setMessage(note);
    setSelected(client);
    setCreating(false);
    setClients((list) => [client, ...(list ?? []).filter((c) => c.clientId !== client.clientId)]);
  }

  return (
    <section>
      <h1>Clients</h1>
      <form class="row" aria-label="Search clients" onSubmit={search}>
        <label>
          Name or exact email
          <input type="search" name="q" value={query} onInput={(e) => setQuery((e.target as HTMLInputElement).value)} />
        </label>
        <button type="submit">Search</button>
        {can(role, 'clients:create') && (
          <button
            type="button"
            onClick={() => {
              setCreating(true);
              setSelected(undefined);
            }}
          >
            New client
          </button>
        )}
      </form>
      {message && (
        <p role="status" class="notice">
          {message}
        </p>
      )}
      {creating && (
        <ClientForm
          api={api}
          tenantId={tenantId}
          title="New client"
          onSaved={(c) => saved(c, `${c.name} was added.`)}
          onCancel={() => setCreating(false)}
        />
      )}
      <Listed items={clients} empty={searched ? `No client matches “${searched}”.` : 'No clients yet.'}>
        {(clients) => (
          <table class="wide">
            <caption>{searched ? `Clients matching “${searched}”` : 'Clients'}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Phone</th>
                <th scope="col">
                  <span class="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {clients.map((c) => (
                <tr key={c.clientId} aria-current={c.clientId === selected?.clientId ? 'true' : undefined}>
                  <th scope="row">{c.name}</th>
                  <td>{c.email ?? '—'}</td>
                  <td>{c.phone ?? '—'}</td>
                  <td>
                    <button
                      type="button"
                      class="link"
                      onClick={() => {
                        setSelected(c);
                        setCreating(false);
                      }}
                    >
                      Open <span class="sr-only">{c.name}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Listed>
      {selected && (
        <ClientDetails
          key={selected.clientId}
          api={api}
          membership={membership}
          client={selected}
          onSaved={(c) => saved(c, `${c.name} was saved.`)}
          onDeleted={() => {
            setMessage(`${selected.name} was deleted.`);
            setClients((list) => list?.filter((c) => c.clientId !== selected.clientId));
            setSelected(undefined);
          }}
        />
      )}
    </section>
  );
}

function ClientDetails(props: {
  api: Api;
  membership: Membership;
  client: Client;
  onSaved: (c: Client) => void;
  onDeleted: () => void;
}) {
  const { api, client } = props;
  const { tenantId, role } = props.membership;
  const [error, setError] = useState<string | undefined>();

  async function remove() {
    if (!window.confirm(`Delete ${client.name}?`)) return;
    const { error: failure } = await api.DELETE('/v1/tenants/{tenantId}/clients/{clientId}', {
      params: { path: { tenantId, clientId: client.clientId } },
    });
    if (failure) setError(failure.error.message);
    else props.onDeleted();
  }

  return (
    <section class="panel" aria-labelledby="client-title">
      <h2 id="client-title">{client.name}</h2>
      {can(role, 'clients:update') ? (
        <ClientForm api={api} tenantId={tenantId} title="Edit client" client={client} onSaved={props.onSaved} />
      ) : (
        <dl class="facts">
          <dt>Email</dt>
          <dd>{client.email ?? '—'}</dd>
          <dt>Phone</dt>
          <dd>{client.phone ?? '—'}</dd>
          <dt>Notes</dt>
          <dd>{client.notes ?? '—'}</dd>
          <dt>Reminders by</dt>
          <dd>{channels(client.notifications)}</dd>
        </dl>
      )}
      {can(role, 'clients:delete') && (
        <button type="button" class="link danger" onClick={() => void remove()}>
          Delete {client.name}
        </button>
      )}
      {error && <p role="alert">{error}</p>}
      {can(role, 'appointments:read') && (
        <ClientAppointments api={api} membership={props.membership} clientId={client.clientId} />
      )}
    </section>
  );
}

const channels = (n: Client['notifications']) =>
  [n.email && 'email', n.sms && 'SMS'].filter(Boolean).join(' and ') || 'no reminders';

function ClientForm(props: {
  api: Api;
  tenantId: string;
  title: string;
  client?: Client;
  onSaved: (c: Client) => void;
  onCancel?: () => void;
}) {
  const { client } = props;
  const { error, busy, save } = useSave('The client could not be saved.');
  const id = client?.clientId ?? 'new';

  async function submit(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const text = { email: field(form, 'email'), phone: field(form, 'phone'), notes: field(form, 'notes') };
    const notifications = { email: form.get('notifyEmail') === 'on', sms: form.get('notifySms') === 'on' };
    const path = { tenantId: props.tenantId };
    await save(
      () =>
        client
          ? props.api.PATCH('/v1/tenants/{tenantId}/clients/{clientId}', {
              params: { path: { ...path, clientId: client.clientId } },
              // An emptied optional field is removed (null), as the API defines.
              body: {
                name: field(form, 'name'),
                email: text.email || null,
                phone: text.phone || null,
                notes: text.notes || null,
                notifications,
              },
            })
          : props.api.POST('/v1/tenants/{tenantId}/clients', {
              params: { path },
              body: {
                name: field(form, 'name'),
                ...(text.email ? { email: text.email } : {}),
                ...(text.phone ? { phone: text.phone } : {}),
                ...(text.notes ? { notes: text.notes } : {}),
                notifications,
              },
            }),
      props.onSaved,
    );
  }

  return (
    <form class="stack" aria-label={props.title} onSubmit={submit}>
      {!client && <h2>{props.title}</h2>}
      <label>
        Name
        <input name="name" required maxLength={120} defaultValue={client?.name ?? ''} autoComplete="off" />
      </label>
      <label>
        Email
        <input name="email" type="email" maxLength={254} defaultValue={client?.email ?? ''} autoComplete="off" />
      </label>
      <label>
        Phone
        <input name="phone" type="tel" defaultValue={client?.phone ?? ''} autoComplete="off" />
      </label>
      <label>
        Notes
        <textarea name="notes" maxLength={2000} rows={3} defaultValue={client?.notes ?? ''} />
      </label>
      <fieldset>
        <legend>Reminders and messages</legend>
        <label class="inline" for={`notify-email-${id}`}>
          <input
            id={`notify-email-${id}`}
            type="checkbox"
            name="notifyEmail"
            defaultChecked={client?.notifications.email ?? true}
          />
          by email
        </label>
        <label class="inline" for={`notify-sms-${id}`}>
          <input id={`notify-sms-${id}`} type="checkbox" name="notifySms" defaultChecked={client?.notifications.sms ?? false} />
          by SMS
        </label>
      </fieldset>
      {error && <p role="alert">{error}</p>}
      <div class="row">
        <button type="submit" disabled={busy}>
          {client ? 'Save client' : 'Add client'}
        </button>
        {props.onCancel && (
          <button type="button" class="link" onClick={props.onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

function ClientAppointments({ api, membership, clientId }: { api: Api; membership: Membership; clientId: string }) {
  const { tenantId, role } = membership;
  const settings = useSettings(api, tenantId);
  const [items, setItems] = useState<Appointment[] | undefined>();
  const [services, setServices] = useState<Map<string, string>>(new Map());
  useEffect(() => {
    void api
      .GET('/v1/tenants/{tenantId}/appointments', { params: { path: { tenantId }, query: { clientId, limit: '100' } } })
      .then(({ data }) => setItems(data?.items ?? []));
    if (can(role, 'services:read'))
      void api
        .GET('/v1/tenants/{tenantId}/services', { params: { path: { tenantId }, query: { limit: '100' } } })
        .then(({ data }) => setServices(new Map((data?.items ?? []).map((s) => [s.serviceId, s.name]))));
  }, [clientId]);
  const zone = settings?.timezone;

  return (
    <>
      <h3>Appointments</h3>
      {!items || !zone ? (
        <p>Loading…</p>
      ) : items.length === 0 ? (
        <p>No appointments.</p>
      ) : (
        <ul class="plain" aria-label="Appointments of this client">
          {items.map((a) => (
            <li key={a.appointmentId}>
              {formatDate(localDate(a.start, zone), LOCALE)} {formatTime(a.start, zone, LOCALE)}–{formatTime(a.end, zone, LOCALE)}
              {' · '}
              {services.get(a.serviceId) ?? 'Appointment'} · <span class="muted">{a.status.replace('_', ' ')}</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
