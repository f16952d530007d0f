/**
 * The day, one column per staff member, in the salon's timezone: book (service, client, a free time
 * from the availability engine), reschedule, move the status on, cancel. A slot taken meanwhile
 * (409 SLOT_UNAVAILABLE) is said plainly and the free times are fetched again.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { APPOINTMENT_STATUSES, type AppointmentStatus, canTransition } from '../../../functions/shared/domain/appointment-status';
import { type Answer, type Api, errorCode } from '../shared/api';
import { addDays, formatDate, formatTime, localDate, zoneLabel } from '../shared/time';
import type { Membership } from './App';
import { can } from './nav';

type Appointment = Answer<'listAppointments'>['items'][number];
type Staff = Answer<'listStaff'>['items'][number];
type Service = Answer<'listServices'>['items'][number];
type Client = Answer<'listClients'>['items'][number];
export type Slot = Answer<'getAvailability'> extends infer A ? (A extends { slots: Array<infer S> } ? S : never) : never;

const LOCALE = 'en-GB';
export const KIND_409 = 'Sorry, that time was just taken. Please pick another free time.';
export const STATUS_LABEL: Record<AppointmentStatus, string> = {
  pending: 'Pending (online, unconfirmed)',
  scheduled: 'Scheduled',
  confirmed: 'Confirmed',
  in_progress: 'In progress',
  completed: 'Completed',
  cancelled: 'Cancelled',
  no_show: 'No-show',
  expired: 'Expired',
};

export function Calendar({ api, membership }: { api: Api; membership: Membership }) {
  const { tenantId, role } = membership;
  const path = { tenantId };
  const [timezone, setTimezone] = useState<string | undefined>();
  const [date, setDate] = useState<string | undefined>();
  const [staff, setStaff] = useState<Staff[]>([]);
  const [services, setServices] = useState<Service[]>([]);
  const [clients, setClients] = useState<Client[]>([]);
  const [appointments, setAppointments] = useState<Appointment[] | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [moving, setMoving] = useState<Appointment | undefined>();

  useEffect(() => {
    void api.GET('/v1/tenants/{tenantId}', { params: { path } }).then(({ data }) => {
      const zone = data?.settings.timezone ?? 'UTC';
      setTimezone(zone);
      setDate(localDate(new Date(), zone));
    });
    void api
      .GET('/v1/tenants/{tenantId}/staff', { params: { path, query: { limit: '100' } } })
      .then(({ data }) => setStaff(data?.items ?? []));
    if (can(role, 'services:read'))
      void api
        .GET('/v1/tenants/{tenantId}/services', { params: { path, query: { limit: '100' } } })
        .then(({ data }) => setServices(data?.items ?? []));
    if (can(role, 'clients:read'))
      void api
        .GET('/v1/tenants/{tenantId}/clients', { params: { path, query: { limit: '100' } } })
        .then(({ data }) => setClients(data?.items ?? []));
  }, [tenantId]);

  async function loadDay() {
    if (!date || !timezone) return;
    // A window wide enough for any offset; the salon-local date of each start decides what is shown.
    const { data } = await api.GET('/v1/tenants/{tenantId}/appointments', {
      params: { path, query: { from: `${addDays(date, -1)}T00:00:00Z`, to: `${addDays(date, 2)}T00:00:00Z`, limit: '100' } },
    });
    setAppointments((data?.items ?? []).filter((a) => localDate(a.start, timezone) === date));
  }
  useEffect(() => void loadDay(), [date, timezone]);

  const names = useMemo(
    () => ({
      service: new Map(services.map((s) => [s.serviceId, s.name])),
      client: new Map(clients.map((c) => [c.clientId, c.name])),
    }),
    [services, clients],
  );

  async function patch(a: Appointment, body: { status?: AppointmentStatus; start?: string; staffId?: string }): Promise<boolean> {
    setNotice(undefined);
    const { error } = await api.PATCH('/v1/tenants/{tenantId}/appointments/{appointmentId}', {
      params: { path: { tenantId, appointmentId: a.appointmentId } },
      body,
    });
    if (error) setNotice(errorCode(error) === 'SLOT_UNAVAILABLE' ? KIND_409 : error.error.message);
    await loadDay();
    return !error;
  }

  if (!timezone || !date) return <p>Loading…</p>;
  return (
    <section>
      <h1>Calendar</h1>
      <div class="row">
        <button type="button" onClick={() => setDate(addDays(date, -1))} aria-label="Previous day">
          ‹
        </button>
        <label>
          Day
          <input type="date" value={date} onChange={(e) => setDate((e.target as HTMLInputElement).value || date)} />
        </label>
        <button type="button" onClick={() => setDate(addDays(date, 1))} aria-label="Next day">
          ›
        </button>
        <span class="muted">
          {formatDate(date, LOCALE)} · times in {zoneLabel(timezone, LOCALE)}
        </span>
      </div>
      {notice && (
        <p role="alert" class="notice">
          {notice}
        </p>
      )}
      <div class="day" style={{ '--columns': String(Math.max(staff.length, 1)) }}>
        {staff.map((member) => (
          <section key={member.staffId} class="column" aria-label={member.name}>
            <h2>{member.name}</h2>
            {!appointments && <p>Loading…</p>}
            {appointments
              ?.filter((a) => a.staffId === member.staffId)
              .sort((x, y) => x.start.localeCompare(y.start))
              .map((a) => (
                <article key={a.appointmentId} class={`appt status-${a.status}`} data-appointment={a.appointmentId}>
                  <strong>
                    {formatTime(a.start, timezone, LOCALE)}–{formatTime(a.end, timezone, LOCALE)}
                  </strong>{' '}
                  {names.service.get(a.serviceId) ?? 'Appointment'}
                  {names.client.get(a.clientId) ? ` · ${names.client.get(a.clientId)}` : ''}
                  <div class="muted">{STATUS_LABEL[a.status]}</div>
                  {can(role, 'appointments:update') && (
                    <AppointmentActions
                      appointment={a}
                      onStatus={(status) => void patch(a, { status })}
                      onMove={() => setMoving(a)}
                    />
                  )}
                </article>
              ))}
          </section>
        ))}
      </div>
      {moving && (
        <SlotPicker
          api={api}
          tenantId={tenantId}
          timezone={timezone}
          title="Reschedule"
          serviceId={moving.serviceId}
          staffId={moving.staffId}
          initialDate={date}
          onCancel={() => setMoving(undefined)}
          onPick={async (slot) => {
            if (await patch(moving, { start: slot.start, staffId: slot.staffId })) setMoving(undefined);
            return true;
          }}
        />
      )}
      {/* Only active services can be booked (the API answers SERVICE_INACTIVE for the others). */}
      {can(role, 'appointments:create') && services.some((s) => s.active) && (
        <BookForm
          api={api}
          tenantId={tenantId}
          timezone={timezone}
          date={date}
          staff={staff}
          services={services.filter((s) => s.active)}
          clients={clients}
          canCreateClient={can(role, 'clients:create')}
          onBooked={(created) => {
            setNotice(`Booked ${formatTime(created.start, timezone, LOCALE)}.`);
            void loadDay();
          }}
        />
      )}
    </section>
  );
}

function AppointmentActions({
  appointment,
  onStatus,
  onMove,
}: {
  appointment: Appointment;
  onStatus: (s: AppointmentStatus) => void;
  onMove: () => void;
}) {
  const next = APPOINTMENT_STATUSES.filter((s) => s !== 'cancelled' && canTransition(appointment.status, s));
  const movable = appointment.status === 'scheduled' || appointment.status === 'confirmed';
  return (
    <div class="actions">
      {next.length > 0 && (
        <select
          aria-label="Change status"
          value=""
          onChange={(e) => {
            const value = (e.target as HTMLSelectElement).value as AppointmentStatus;
            if (value) onStatus(value);
          }}
        >
          <option value="">Status…</option>
          {next.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABEL[s]}
            </option>
          ))}
        </select>
      )}
      {movable && (
        <button type="button" class="link" onClick={onMove}>
          Reschedule
        </button>
      )}
      {canTransition(appointment.status, 'cancelled') && (
        <button type="button" class="link danger" onClick={() => onStatus('cancelled')}>
          Cancel
        </button>
      )}
    </div>
  );
}

function BookForm(props: {
  api: Api;
  tenantId: string;
  timezone: string;
  date: string;
  staff: Staff[];
  services: Service[];
  clients: Client[];
  canCreateClient: boolean;
  onBooked: (a: Answer<'createAppointment'>) => void;
}) {
  const { api, tenantId } = props;
  const [serviceId, setServiceId] = useState(props.services[0]?.serviceId ?? '');
  const [clientId, setClientId] = useState('');
  const [newClient, setNewClient] = useState('');
  const [staffId, setStaffId] = useState('');
  const [error, setError] = useState<string | undefined>();
  const offering = props.staff.filter((s) => s.serviceIds.includes(serviceId));

  async function book(slot: Slot): Promise<boolean> {
    setError(undefined);
    let client = clientId;
    if (!client && newClient.trim()) {
      const created = await api.POST('/v1/tenants/{tenantId}/clients', {
        params: { path: { tenantId } },
        body: { name: newClient.trim() },
      });
      if (!created.data) {
        setError(created.error?.error.message ?? 'The client could not be created.');
        return false;
      }
      client = created.data.clientId;
      setClientId(client);
    }
    if (!client) {
      setError('Choose a client first.');
      return false;
    }
    const { data, error: failure } = await api.POST('/v1/tenants/{tenantId}/appointments', {
      params: { path: { tenantId } },
      body: { serviceId, clientId: client, staffId: slot.staffId, start: slot.start },
    });
    if (!data) {
      setError(
        errorCode(failure) === 'SLOT_UNAVAILABLE' ? KIND_409 : (failure?.error.message ?? 'The appointment could not be booked.'),
      );
      return false;
    }
    props.onBooked(data);
    return true;
  }

  return (
    <section class="panel" aria-labelledby="book-title">
      <h2 id="book-title">Book an appointment</h2>
      <div class="grid">
        <label>
          Service
          <select name="serviceId" value={serviceId} onChange={(e) => setServiceId((e.target as HTMLSelectElement).value)}>
            {props.services.map((s) => (
              <option key={s.serviceId} value={s.serviceId}>
                {s.name} ({s.durationMinutes} min)
              </option>
            ))}
          </select>
        </label>
        <label>
          Client
          <select name="clientId" value={clientId} onChange={(e) => setClientId((e.target as HTMLSelectElement).value)}>
            <option value="">{props.canCreateClient ? 'New client…' : 'Choose…'}</option>
            {props.clients.map((c) => (
              <option key={c.clientId} value={c.clientId}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        {!clientId && props.canCreateClient && (
          <label>
            New client's name
            <input value={newClient} onInput={(e) => setNewClient((e.target as HTMLInputElement).value)} maxLength={120} />
          </label>
        )}
        <label>
          Staff member
          <select name="staffId" value={staffId} onChange={(e) => setStaffId((e.target as HTMLSelectElement).value)}>
            <option value="">Anyone</option>
            {offering.map((s) => (
              <option key={s.staffId} value={s.staffId}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && (
        <p role="alert" class="notice">
          {error}
        </p>
      )}
      <SlotPicker
        api={api}
        tenantId={tenantId}
        timezone={props.timezone}
        title="Free times"
        serviceId={serviceId}
        staffId={staffId || undefined}
        initialDate={props.date}
        staffNames={new Map(props.staff.map((s) => [s.staffId, s.name]))}
        onPick={book}
      />
    </section>
  );
}

/** Free start times of a service on a day (the API's availability engine), one button each. */
export function SlotPicker(props: {
  api: Api;
  tenantId: string;
  timezone: string;
  title: string;
  serviceId: string;
  staffId?: string | undefined;
  initialDate: string;
  staffNames?: Map<string, string>;
  onPick: (slot: Slot) => Promise<boolean>;
  onCancel?: () => void;
}) {
  const [date, setDate] = useState(props.initialDate);
  const [slots, setSlots] = useState<Slot[] | undefined>();
  const [round, setRound] = useState(0);
  // Follow a new day from the parent, but not on mount: that would undo a day chosen before the first effects ran.
  const followed = useRef(props.initialDate);
  useEffect(() => {
    if (followed.current === props.initialDate) return;
    followed.current = props.initialDate;
    setDate(props.initialDate);
  }, [props.initialDate]);
  useEffect(() => {
    setSlots(undefined);
    if (!props.serviceId) return;
    const query = { serviceId: props.serviceId, date, ...(props.staffId ? { staffId: props.staffId } : {}) };
    // An answer for a day no longer asked about (it came back after the next one) is dropped.
    let current = true;
    void props.api
      .GET('/v1/tenants/{tenantId}/availability', { params: { path: { tenantId: props.tenantId }, query } })
      .then(({ data }) => {
        if (current) setSlots(data && 'slots' in data ? data.slots : []);
      });
    return () => {
      current = false;
    };
  }, [props.serviceId, props.staffId, date, round]);

  return (
    <fieldset class="slots" aria-label={props.title}>
      <div class="row">
        <strong>{props.title}</strong>
        <label>
          on
          <input type="date" value={date} onChange={(e) => setDate((e.target as HTMLInputElement).value || date)} />
        </label>
        {props.onCancel && (
          <button type="button" class="link" onClick={props.onCancel}>
            Close
          </button>
        )}
      </div>
      {!slots && <p>Loading…</p>}
      {slots?.length === 0 && <p>No free time on this day.</p>}
      <div class="slot-list">
        {slots?.map((slot) => {
          const who = props.staffNames?.get(slot.staffId);
          return (
            <button
              key={`${slot.start}-${slot.staffId}`}
              type="button"
              onClick={() => void props.onPick(slot).then(() => setRound((r) => r + 1))}
            >
              {formatTime(slot.start, props.timezone, LOCALE)}
              {who ? ` · ${who}` : ''}
            </button>
          );
        })}
      </div>
    </fieldset>
  );
}
