/**
 * A week of one staff member, in the salon's timezone: working hours shaded, time off marked, each
 * appointment a block at its time. Dragging a block (pointer events: mouse, pen or touch) to another
 * day or time reschedules it, snapped to the salon's slot step; the "Reschedule" button opens the same
 * free-time picker as the day view, for keyboards. A taken time (409 SLOT_UNAVAILABLE) is said kindly.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { localParts, toOffsetIso, weekdayOf, zonedInstantOrNext } from '../../../functions/shared/domain/zoned-time';
import { type Answer, type Api, errorCode } from '../shared/api';
import { addDays, formatDate, formatTime, localDate, zoneLabel } from '../shared/time';
import type { Membership } from './App';
import { KIND_409, SlotPicker, STATUS_LABEL } from './Calendar';
import { allPages, useSettings } from './common';
import { explain, LOCALE, weekStart } from './format';
import { accessFor } from '../../../functions/shared/domain/rbac';
import { can } from './nav';
import './screens.css';

type Appointment = Answer<'listAppointments'>['items'][number];
type StaffMember = Answer<'listStaff'>['items'][number];

/** One pixel per minute: an hour is 60 px tall. */
const PX_PER_MINUTE = 1;
const MOVABLE = new Set(['scheduled', 'confirmed']);
const HIDDEN = new Set(['cancelled', 'expired']);

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

interface Drag {
  appointment: Appointment;
  pointerId: number;
  x0: number;
  y0: number;
  /** Where in the block it was grabbed, so the block's top follows the pointer. */
  grabY: number;
  moved: boolean;
  element: HTMLElement;
}

/** `userId` is the signed-in member: with `appointments:update:own` only their own staff record's blocks move. */
export function WeekView({ api, membership, userId }: { api: Api; membership: Membership; userId: string }) {
  const { tenantId, role } = membership;
  const path = { tenantId };
  const settings = useSettings(api, tenantId);
  const [staff, setStaff] = useState<StaffMember[] | undefined>();
  const [staffId, setStaffId] = useState('');
  const [date, setDate] = useState<string | undefined>();
  const [appointments, setAppointments] = useState<Appointment[] | undefined>();
  const [names, setNames] = useState<{ service: Map<string, string>; client: Map<string, string> }>({
    service: new Map(),
    client: new Map(),
  });
  const [notice, setNotice] = useState<string | undefined>();
  const [preview, setPreview] = useState<string | undefined>();
  const [moving, setMoving] = useState<Appointment | undefined>();
  const drag = useRef<Drag | undefined>(undefined);
  const zone = settings?.timezone;

  useEffect(() => {
    void allPages(async (cursor) => {
      const { data } = await api.GET('/v1/tenants/{tenantId}/staff', {
        params: { path, query: { limit: '100', ...(cursor ? { cursor } : {}) } },
      });
      return data;
    }).then((list) => {
      setStaff(list);
      setStaffId((id) => id || list[0]?.staffId || '');
    });
    const service = can(role, 'services:read')
      ? api.GET('/v1/tenants/{tenantId}/services', { params: { path, query: { limit: '100' } } })
      : undefined;
    const client = can(role, 'clients:read')
      ? api.GET('/v1/tenants/{tenantId}/clients', { params: { path, query: { limit: '100' } } })
      : undefined;
    void Promise.all([service, client]).then(([s, c]) =>
      setNames({
        service: new Map((s?.data?.items ?? []).map((x) => [x.serviceId, x.name])),
        client: new Map((c?.data?.items ?? []).map((x) => [x.clientId, x.name])),
      }),
    );
  }, [tenantId]);
  useEffect(() => {
    if (zone && !date) setDate(localDate(new Date(), zone));
  }, [zone]);

  const first = date && settings ? weekStart(date, settings.weekStartsOn === 0 ? 0 : 1) : undefined;
  const days = useMemo(() => (first ? Array.from({ length: 7 }, (_, i) => addDays(first, i)) : []), [first]);
  const member = staff?.find((s) => s.staffId === staffId);

  const asked = useRef(0);
  async function loadWeek() {
    if (!first || !zone || !staffId) return;
    // Only the latest question's answer is shown (a quick change of week or staff member can overtake).
    const question = ++asked.current;
    const items = await allPages(async (cursor) => {
      const { data } = await api.GET('/v1/tenants/{tenantId}/appointments', {
        params: {
          path,
          query: {
            staffId,
            // A day either side covers any offset; the salon-local date of each start decides.
            from: `${addDays(first, -1)}T00:00:00Z`,
            to: `${addDays(first, 8)}T00:00:00Z`,
            limit: '100',
            ...(cursor ? { cursor } : {}),
          },
        },
      });
      return data;
    });
    if (question !== asked.current) return;
    setAppointments(items.filter((a) => !HIDDEN.has(a.status) && days.includes(localDate(a.start, zone))));
  }
  useEffect(() => void loadWeek(), [first, zone, staffId]);

  // The hours shown: the member's working hours and the week's appointments, whole hours, 08-20 at least.
  const [firstMinute, lastMinute] = useMemo(() => {
    let lo = 8 * 60;
    let hi = 20 * 60;
    for (const ranges of Object.values(member?.workingHours ?? {}))
      for (const r of ranges ?? []) {
        lo = Math.min(lo, minutesOf(r.start));
        hi = Math.max(hi, minutesOf(r.end));
      }
    if (zone)
      for (const a of appointments ?? []) {
        lo = Math.min(lo, localParts(new Date(a.start), zone).minutesOfDay);
        const end = localParts(new Date(a.end), zone);
        hi = Math.max(hi, end.date === localDate(a.start, zone) ? end.minutesOfDay : 24 * 60);
      }
    return [Math.floor(lo / 60) * 60, Math.min(24 * 60, Math.ceil(hi / 60) * 60)];
  }, [member, appointments, zone]);

  async function reschedule(a: Appointment, body: { start: string; staffId?: string }): Promise<boolean> {
    setNotice(undefined);
    const { error } = await api.PATCH('/v1/tenants/{tenantId}/appointments/{appointmentId}', {
      params: { path: { tenantId, appointmentId: a.appointmentId } },
      body,
    });
    if (error)
      setNotice(errorCode(error) === 'SLOT_UNAVAILABLE' ? KIND_409 : explain(error, 'The appointment could not be moved.'));
    else if (zone)
      setNotice(`Moved to ${formatDate(localDate(body.start, zone), LOCALE)} ${formatTime(body.start, zone, LOCALE)}.`);
    await loadWeek();
    return !error;
  }

  /** The salon-local day and minute the dragged block's top is over, snapped to the slot step. */
  function dropTarget(d: Drag, clientX: number, clientY: number): { date: string; minute: number } | undefined {
    const column = document
      .elementsFromPoint(clientX, clientY)
      .find((el): el is HTMLElement => el instanceof HTMLElement && Boolean(el.dataset.date) && el !== d.element);
    if (!column?.dataset.date) return undefined;
    const step = settings?.slotStepMinutes || 15;
    const raw = firstMinute + (clientY - column.getBoundingClientRect().top - d.grabY) / PX_PER_MINUTE;
    const minute = Math.min(Math.max(Math.round(raw / step) * step, 0), 24 * 60 - step);
    return { date: column.dataset.date, minute };
  }

  function onPointerDown(event: PointerEvent, a: Appointment) {
    const element = event.currentTarget as HTMLElement;
    if (event.button !== 0 || (event.target as Element).closest('button')) return;
    element.setPointerCapture(event.pointerId);
    drag.current = {
      appointment: a,
      pointerId: event.pointerId,
      x0: event.clientX,
      y0: event.clientY,
      grabY: event.clientY - element.getBoundingClientRect().top,
      moved: false,
      element,
    };
  }
  function onPointerMove(event: PointerEvent) {
    const d = drag.current;
    if (!d || d.pointerId !== event.pointerId) return;
    const dx = event.clientX - d.x0;
    const dy = event.clientY - d.y0;
    if (!d.moved && Math.hypot(dx, dy) < 5) return;
    d.moved = true;
    d.element.classList.add('dragging');
    d.element.style.transform = `translate(${dx}px, ${dy}px)`;
    const target = dropTarget(d, event.clientX, event.clientY);
    setPreview(target ? `Move to ${formatDate(target.date, LOCALE)} ${hhmm(target.minute)}` : undefined);
  }
  function onPointerEnd(event: PointerEvent, cancelled: boolean) {
    const d = drag.current;
    if (!d || d.pointerId !== event.pointerId) return;
    drag.current = undefined;
    d.element.classList.remove('dragging');
    d.element.style.transform = '';
    setPreview(undefined);
    if (cancelled || !d.moved || !zone) return;
    const target = dropTarget(d, event.clientX, event.clientY);
    if (!target) return;
    const start = toOffsetIso(zonedInstantOrNext(target.date, hhmm(target.minute), zone), zone);
    if (Date.parse(start) === Date.parse(d.appointment.start)) return;
    void reschedule(d.appointment, { start });
  }

  if (!zone || !date || !first || !staff) return <p>Loading…</p>;
  const height = (lastMinute - firstMinute) * PX_PER_MINUTE;
  const hours = Array.from({ length: (lastMinute - firstMinute) / 60 }, (_, i) => firstMinute + i * 60);
  const access = accessFor(role, 'appointments:update');
  const mayMove = access === 'all' || (access === 'own' && member?.userId !== undefined && member.userId === userId);

  return (
    <section>
      <h1>Week</h1>
      <div class="row">
        <label>
          Staff member
          <select value={staffId} onChange={(e) => setStaffId((e.target as HTMLSelectElement).value)}>
            {staff.map((s) => (
              <option key={s.staffId} value={s.staffId}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => setDate(addDays(first, -7))} aria-label="Previous week">
          ‹
        </button>
        <label>
          Week of
          <input type="date" value={date} onChange={(e) => setDate((e.target as HTMLInputElement).value || date)} />
        </label>
        <button type="button" onClick={() => setDate(addDays(first, 7))} aria-label="Next week">
          ›
        </button>
        <span class="muted">times in {zoneLabel(zone, LOCALE)}</span>
      </div>
      {mayMove && <p class="muted">Drag an appointment to another time or day, or use its Reschedule button.</p>}
      <p class="sr-only" aria-live="polite">
        {preview ?? ''}
      </p>
      {notice && (
        <p role="alert" class="notice">
          {notice}
        </p>
      )}
      {staff.length === 0 ? (
        <p>No staff members yet.</p>
      ) : (
        <section class="week" aria-label={member ? `${member.name}'s week` : 'Week'}>
          <div class="hours" aria-hidden="true" style={{ height: `${height}px` }}>
            {hours.map((m) => (
              <span key={m} style={{ top: `${(m - firstMinute) * PX_PER_MINUTE}px` }}>
                {hhmm(m)}
              </span>
            ))}
          </div>
          {days.map((day) => {
            const weekday = weekdayOf(day);
            const ranges = member?.workingHours[weekday] ?? [];
            const dayStart = Date.parse(toOffsetIso(zonedInstantOrNext(day, '00:00', zone), zone));
            const dayEnd = Date.parse(toOffsetIso(zonedInstantOrNext(addDays(day, 1), '00:00', zone), zone));
            const off = (member?.timeOff ?? []).filter((t) => Date.parse(t.start) < dayEnd && Date.parse(t.end) > dayStart);
            return (
              <section key={day} class="week-day" aria-label={formatDate(day, LOCALE)}>
                <h2>{formatDate(day, LOCALE)}</h2>
                <div
                  class="week-body"
                  data-date={day}
                  data-first-minute={firstMinute}
                  data-px-per-minute={PX_PER_MINUTE}
                  style={{ height: `${height}px`, backgroundSize: `100% ${60 * PX_PER_MINUTE}px` }}
                >
                  {ranges.map((r) => (
                    <div
                      key={r.start}
                      class="open"
                      aria-hidden="true"
                      style={{
                        top: `${(minutesOf(r.start) - firstMinute) * PX_PER_MINUTE}px`,
                        height: `${(minutesOf(r.end) - minutesOf(r.start)) * PX_PER_MINUTE}px`,
                      }}
                    />
                  ))}
                  {off.map((t) => {
                    const from = Math.max(Date.parse(t.start), dayStart);
                    const to = Math.min(Date.parse(t.end), dayEnd);
                    const top = Math.max(0, localParts(new Date(from), zone).minutesOfDay - firstMinute);
                    const bottom =
                      to >= dayEnd ? lastMinute - firstMinute : localParts(new Date(to), zone).minutesOfDay - firstMinute;
                    return (
                      <div
                        key={t.start}
                        class="time-off"
                        style={{ top: `${top * PX_PER_MINUTE}px`, height: `${Math.max(bottom - top, 0) * PX_PER_MINUTE}px` }}
                      >
                        Time off
                      </div>
                    );
                  })}
                  {(appointments ?? [])
                    .filter((a) => localDate(a.start, zone) === day)
                    .map((a) => {
                      const start = localParts(new Date(a.start), zone).minutesOfDay;
                      const length = Math.max((Date.parse(a.end) - Date.parse(a.start)) / 60_000, 15);
                      const movable = mayMove && MOVABLE.has(a.status);
                      const label = `${formatTime(a.start, zone, LOCALE)}–${formatTime(a.end, zone, LOCALE)}`;
                      return (
                        <article
                          key={a.appointmentId}
                          class={`week-appt status-${a.status}${movable ? ' movable' : ''}`}
                          data-appointment={a.appointmentId}
                          aria-label={`${label} ${names.service.get(a.serviceId) ?? 'Appointment'}`}
                          style={{ top: `${(start - firstMinute) * PX_PER_MINUTE}px`, '--length': `${length * PX_PER_MINUTE}px` }}
                          onPointerDown={movable ? (e) => onPointerDown(e, a) : undefined}
                          onPointerMove={movable ? onPointerMove : undefined}
                          onPointerUp={movable ? (e) => onPointerEnd(e, false) : undefined}
                          onPointerCancel={movable ? (e) => onPointerEnd(e, true) : undefined}
                        >
                          <strong>{label}</strong> {names.service.get(a.serviceId) ?? 'Appointment'}
                          {names.client.get(a.clientId) ? ` · ${names.client.get(a.clientId)}` : ''}
                          <span class="muted"> · {STATUS_LABEL[a.status]}</span>
                          {movable && (
                            <button type="button" class="link" onClick={() => setMoving(a)}>
                              Reschedule
                            </button>
                          )}
                        </article>
                      );
                    })}
                </div>
              </section>
            );
          })}
        </section>
      )}
      {moving && (
        <SlotPicker
          api={api}
          tenantId={tenantId}
          timezone={zone}
          title="Reschedule"
          serviceId={moving.serviceId}
          staffId={moving.staffId}
          initialDate={localDate(moving.start, zone)}
          onCancel={() => setMoving(undefined)}
          onPick={async (slot) => {
            if (await reschedule(moving, { start: slot.start, staffId: slot.staffId })) setMoving(undefined);
            return true;
          }}
        />
      )}
    </section>
  );
}
