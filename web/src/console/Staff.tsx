/**
 * A salon's staff: list, create, edit (name, the services they perform, working hours per weekday,
 * time off), delete. Working hours are wall-clock `HH:MM` in the salon's timezone; time off is entered
 * as salon-local date-times and sent as instants with the salon's offset. Listing needs
 * `appointments:read` (the route's permission); changes need `users:create/update/delete`.
 */
import { useEffect, useState } from 'preact/hooks';
import { WEEKDAYS, type Weekday } from '../../../functions/shared/domain/schedule';
import { localParts, toOffsetIso, zonedInstantOrNext } from '../../../functions/shared/domain/zoned-time';
import type { Answer, Api } from '../shared/api';
import type { Membership } from './App';
import { allPages, useSave, useSettings } from './common';
import { explain } from './format';
import { can } from './nav';
import { Listed } from './Listed';
import './screens.css';

type StaffMember = Answer<'listStaff'>['items'][number];
type Service = Answer<'listServices'>['items'][number];
type Range = { start: string; end: string };
type Hours = Partial<Record<Weekday, Range[]>>;
/** Time off as the form holds it: salon-local `YYYY-MM-DDTHH:MM` (what `datetime-local` inputs use). */
type LocalSpan = { start: string; end: string };

export const WEEKDAY_NAMES: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

const toLocal = (iso: string, zone: string) => {
  const p = localParts(new Date(iso), zone);
  return `${p.date}T${p.time}`;
};
const toInstant = (local: string, zone: string) => {
  const [date = '', time = '00:00'] = local.split('T');
  return toOffsetIso(zonedInstantOrNext(date, time.slice(0, 5), zone), zone);
};

export function Staff({ api, membership }: { api: Api; membership: Membership }) {
  const { tenantId, role } = membership;
  const path = { tenantId };
  const settings = useSettings(api, tenantId);
  const [staff, setStaff] = useState<StaffMember[] | undefined>();
  const [services, setServices] = useState<Service[]>([]);
  const [editing, setEditing] = useState<StaffMember | 'new' | undefined>();
  const [message, setMessage] = useState<string | undefined>();

  async function load() {
    setStaff(
      await allPages(async (cursor) => {
        const { data } = await api.GET('/v1/tenants/{tenantId}/staff', {
          params: { path, query: { limit: '100', ...(cursor ? { cursor } : {}) } },
        });
        return data;
      }),
    );
  }
  useEffect(() => {
    void load();
    if (can(role, 'services:read'))
      void api
        .GET('/v1/tenants/{tenantId}/services', { params: { path, query: { limit: '100' } } })
        .then(({ data }) => setServices(data?.items ?? []));
  }, [tenantId]);

  async function remove(member: StaffMember) {
    if (!window.confirm(`Delete ${member.name}?`)) return;
    const { error } = await api.DELETE('/v1/tenants/{tenantId}/staff/{staffId}', {
      params: { path: { tenantId, staffId: member.staffId } },
    });
    setMessage(error ? explain(error, 'The staff member could not be deleted.') : `${member.name} was deleted.`);
    await load();
  }

  const zone = settings?.timezone;
  const serviceName = new Map(services.map((s) => [s.serviceId, s.name]));
  return (
    <section>
      <h1>Staff</h1>
      {zone && <p class="muted">Working hours and time off are in the salon's timezone, {zone}.</p>}
      {message && (
        <p role="status" class="notice">
          {message}
        </p>
      )}
      {can(role, 'users:create') && !editing && (
        <button type="button" onClick={() => setEditing('new')}>
          New staff member
        </button>
      )}
      {editing && zone && (
        <StaffForm
          key={editing === 'new' ? 'new' : editing.staffId}
          api={api}
          tenantId={tenantId}
          zone={zone}
          services={services}
          member={editing === 'new' ? undefined : editing}
          onCancel={() => setEditing(undefined)}
          onSaved={(saved) => {
            setEditing(undefined);
            setMessage(`${saved.name} was saved.`);
            void load();
          }}
        />
      )}
      <Listed items={staff} empty="No staff members yet.">
        {(staff) => (
          <ul class="cards staff-list">
            {staff.map((m) => (
              <li key={m.staffId}>
                <article aria-label={m.name}>
                  <h2>{m.name}</h2>
                  <p>
                    {m.serviceIds.length === 0
                      ? 'No services.'
                      : `Performs: ${m.serviceIds.map((id) => serviceName.get(id) ?? 'a service').join(', ')}.`}
                  </p>
                  <p class="muted">{hoursSummary(m.workingHours)}</p>
                  {m.timeOff.length > 0 && zone && (
                    <p class="muted">
                      Time off:{' '}
                      {m.timeOff
                        .map((t) => `${toLocal(t.start, zone).replace('T', ' ')} – ${toLocal(t.end, zone).replace('T', ' ')}`)
                        .join('; ')}
                    </p>
                  )}
                  <div class="actions">
                    {can(role, 'users:update') && (
                      <button type="button" class="link" onClick={() => setEditing(m)}>
                        Edit <span class="sr-only">{m.name}</span>
                      </button>
                    )}
                    {can(role, 'users:delete') && (
                      <button type="button" class="link danger" onClick={() => void remove(m)}>
                        Delete <span class="sr-only">{m.name}</span>
                      </button>
                    )}
                  </div>
                </article>
              </li>
            ))}
          </ul>
        )}
      </Listed>
    </section>
  );
}

function hoursSummary(hours: Hours): string {
  const days = WEEKDAYS.filter((d) => (hours[d] ?? []).length > 0).map(
    (d) => `${WEEKDAY_NAMES[d].slice(0, 3)} ${(hours[d] ?? []).map((r) => `${r.start}–${r.end}`).join(', ')}`,
  );
  return days.length ? days.join(' · ') : 'No working hours: not bookable.';
}

function StaffForm(props: {
  api: Api;
  tenantId: string;
  zone: string;
  services: Service[];
  member?: StaffMember | undefined;
  onSaved: (m: StaffMember) => void;
  onCancel: () => void;
}) {
  const { member, zone } = props;
  const [name, setName] = useState(member?.name ?? '');
  const [serviceIds, setServiceIds] = useState<string[]>(member?.serviceIds ?? []);
  const [hours, setHours] = useState<Hours>(
    member?.workingHours ?? Object.fromEntries(WEEKDAYS.slice(0, 5).map((d) => [d, [{ start: '09:00', end: '18:00' }]])),
  );
  const [timeOff, setTimeOff] = useState<LocalSpan[]>(
    (member?.timeOff ?? []).map((t) => ({ start: toLocal(t.start, zone), end: toLocal(t.end, zone) })),
  );
  const { error, setError, busy, save } = useSave('The staff member could not be saved.');
  const title = member ? `Edit ${member.name}` : 'New staff member';

  const setRange = (day: Weekday, index: number, change: Partial<Range>) =>
    setHours((h) => ({ ...h, [day]: (h[day] ?? []).map((r, i) => (i === index ? { ...r, ...change } : r)) }));
  const setSpan = (index: number, change: Partial<LocalSpan>) =>
    setTimeOff((list) => list.map((t, i) => (i === index ? { ...t, ...change } : t)));

  async function submit(event: Event) {
    event.preventDefault();
    const incomplete = timeOff.find((t) => !t.start || !t.end);
    if (incomplete) {
      setError('Give every time off a start and an end, or remove it.');
      return;
    }
    const workingHours: Hours = {};
    for (const d of WEEKDAYS) {
      const ranges = hours[d] ?? [];
      if (ranges.length) workingHours[d] = ranges;
    }
    const body = {
      name: name.trim(),
      serviceIds,
      workingHours,
      timeOff: timeOff.map((t) => ({ start: toInstant(t.start, zone), end: toInstant(t.end, zone) })),
    };
    const path = { tenantId: props.tenantId };
    await save(
      () =>
        member
          ? props.api.PATCH('/v1/tenants/{tenantId}/staff/{staffId}', {
              params: { path: { ...path, staffId: member.staffId } },
              body,
            })
          : props.api.POST('/v1/tenants/{tenantId}/staff', { params: { path }, body }),
      props.onSaved,
    );
  }

  // Services this form cannot name (the role may not read services) are kept as they are.
  const known = new Set(props.services.map((s) => s.serviceId));
  return (
    <form class="stack panel wide-form" aria-label={title} onSubmit={submit}>
      <h2>{title}</h2>
      <label>
        Name
        <input name="name" required maxLength={120} value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
      </label>
      {props.services.length > 0 && (
        <fieldset>
          <legend>Services performed</legend>
          {props.services.map((s) => (
            <label key={s.serviceId} class="inline" for={`svc-${s.serviceId}`}>
              <input
                id={`svc-${s.serviceId}`}
                type="checkbox"
                checked={serviceIds.includes(s.serviceId)}
                onChange={(e) => {
                  const on = (e.target as HTMLInputElement).checked;
                  setServiceIds((ids) => (on ? [...ids, s.serviceId] : ids.filter((id) => id !== s.serviceId)));
                }}
              />
              {s.name}
              {s.active ? '' : ' (inactive)'}
            </label>
          ))}
          {serviceIds.some((id) => !known.has(id)) && <p class="muted">Also services you cannot see here.</p>}
        </fieldset>
      )}
      <fieldset>
        <legend>Working hours ({zone})</legend>
        {WEEKDAYS.map((day) => {
          const ranges = hours[day] ?? [];
          const dayName = WEEKDAY_NAMES[day];
          return (
            <fieldset key={day} class="weekday">
              <legend>{dayName}</legend>
              {ranges.length === 0 && <span class="muted">Day off</span>}
              {ranges.map((r, i) => (
                <span key={i} class="range">
                  <input
                    type="time"
                    aria-label={`${dayName} start ${i + 1}`}
                    value={r.start}
                    required
                    onInput={(e) => setRange(day, i, { start: (e.target as HTMLInputElement).value })}
                  />
                  –
                  <input
                    type="time"
                    aria-label={`${dayName} end ${i + 1}`}
                    value={r.end === '24:00' ? '23:59' : r.end}
                    required
                    onInput={(e) => setRange(day, i, { end: (e.target as HTMLInputElement).value })}
                  />
                  <button
                    type="button"
                    class="link danger"
                    onClick={() => setHours((h) => ({ ...h, [day]: ranges.filter((_, j) => j !== i) }))}
                  >
                    Remove <span class="sr-only">{`${dayName} hours ${i + 1}`}</span>
                  </button>
                </span>
              ))}
              {ranges.length < 6 && (
                <button
                  type="button"
                  class="link"
                  onClick={() =>
                    setHours((h) => ({
                      ...h,
                      [day]: [...ranges, ranges.length ? { start: '14:00', end: '18:00' } : { start: '09:00', end: '18:00' }],
                    }))
                  }
                >
                  Add hours <span class="sr-only">on {dayName}</span>
                </button>
              )}
            </fieldset>
          );
        })}
      </fieldset>
      <fieldset>
        <legend>Time off ({zone})</legend>
        {timeOff.length === 0 && <p class="muted">None.</p>}
        {timeOff.map((t, i) => (
          <div key={i} class="row">
            <label>
              From
              <input
                type="datetime-local"
                aria-label={`Time off ${i + 1} from`}
                value={t.start}
                onInput={(e) => setSpan(i, { start: (e.target as HTMLInputElement).value })}
              />
            </label>
            <label>
              Until
              <input
                type="datetime-local"
                aria-label={`Time off ${i + 1} until`}
                value={t.end}
                onInput={(e) => setSpan(i, { end: (e.target as HTMLInputElement).value })}
              />
            </label>
            <button type="button" class="link danger" onClick={() => setTimeOff((list) => list.filter((_, j) => j !== i))}>
              Remove <span class="sr-only">time off {i + 1}</span>
            </button>
          </div>
        ))}
        <button type="button" class="link" onClick={() => setTimeOff((list) => [...list, { start: '', end: '' }])}>
          Add time off
        </button>
      </fieldset>
      {error && <p role="alert">{error}</p>}
      <div class="row">
        <button type="submit" disabled={busy}>
          Save staff member
        </button>
        <button type="button" class="link" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
