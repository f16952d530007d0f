/**
 * Salon settings and branding: what `PATCH /v1/tenants/{id}` lets a member with `settings:update`
 * change. Only the fields that differ from the salon as loaded are sent, so two admins editing
 * different fields at once both keep their change (the API merges field by field).
 */
import { useEffect, useState } from 'preact/hooks';
import { MAX_REMINDERS, REMINDER_DEFAULTS, type ReminderOffset } from '../../../functions/shared/domain/reminders';
import type { operations } from '../api/schema';
import type { Answer, Api } from '../shared/api';
import { contrastRatio, withContrast } from '../shared/contrast';
import type { Membership } from './App';

type Tenant = Answer<'getTenant'>;
type TenantPatch = NonNullable<operations['updateTenant']['requestBody']>['content']['application/json'];

const LOCALES = ['fr-FR', 'fr-BE', 'fr-CA', 'fr-CH', 'en-GB', 'en-US', 'en-IE', 'en-CA'];
const CURRENCIES = ['EUR', 'GBP', 'USD', 'CHF', 'CAD'];
const OFFSETS: Array<[string, string]> = [
  ['PT30M', '30 minutes'],
  ['PT1H', '1 hour'],
  ['PT2H', '2 hours'],
  ['PT3H', '3 hours'],
  ['PT24H', '24 hours'],
  ['P2D', '2 days'],
  ['P7D', '1 week'],
];
// Selects take `selected` on their options: a select element has no `defaultValue` property for Preact to set.
const SLOT_STEPS = [5, 10, 15, 20, 30, 60];
const DATE_FORMATS = ['dd/MM/yyyy', 'MM/dd/yyyy', 'yyyy-MM-dd', 'dd.MM.yyyy'];
const withCurrent = (list: string[], current: string) => (list.includes(current) ? list : [current, ...list]);

export function Settings({ api, membership }: { api: Api; membership: Membership }) {
  const tenantId = membership.tenantId;
  const [tenant, setTenant] = useState<Tenant | undefined>();
  const [failed, setFailed] = useState<string | undefined>();
  const [saved, setSaved] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [primary, setPrimary] = useState('#4f46e5');
  const [secondary, setSecondary] = useState('#0ea5e9');
  const [reminders, setReminders] = useState<ReminderOffset[]>([]);
  const [quiet, setQuiet] = useState(false);

  const load = (t: Tenant) => {
    setTenant(t);
    setPrimary(t.branding.primaryColor.toLowerCase());
    setSecondary(t.branding.secondaryColor.toLowerCase());
    setReminders([...(t.settings.reminders ?? REMINDER_DEFAULTS)]);
    setQuiet(Boolean(t.settings.quietHours));
  };
  useEffect(() => {
    void api.GET('/v1/tenants/{tenantId}', { params: { path: { tenantId } } }).then(({ data }) => {
      if (data) load(data);
      else setFailed('The salon could not be loaded.');
    });
  }, [tenantId]);

  async function save(event: Event) {
    event.preventDefault();
    if (!tenant) return;
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const whole = (name: string) => Number(text(name));
    const settings: Record<string, unknown> = {};
    const s = tenant.settings;
    const change = (key: string, value: unknown, before: unknown) => {
      if (JSON.stringify(value) !== JSON.stringify(before)) settings[key] = value;
    };
    change('timezone', text('timezone'), s.timezone);
    change('locale', text('locale'), s.locale);
    change('currency', text('currency'), s.currency);
    change('address', text('address') || null, s.address ?? null);
    change('cancellationNoticeHours', whole('cancellationNoticeHours'), s.cancellationNoticeHours);
    change('minimumNoticeMinutes', whole('minimumNoticeMinutes'), s.minimumNoticeMinutes);
    change('bookingHorizonDays', whole('bookingHorizonDays'), s.bookingHorizonDays);
    change('onlineBookingConfirmation', text('onlineBookingConfirmation'), s.onlineBookingConfirmation ?? 'required');
    // Salons from before the hold settings read these defaults (functions/shared/domain/tenant.ts HOLD_DEFAULTS).
    change('pendingHoldMinutes', whole('pendingHoldMinutes'), s.pendingHoldMinutes ?? 30);
    change('maxPendingHoldsPerDay', whole('maxPendingHoldsPerDay'), s.maxPendingHoldsPerDay ?? 10);
    change('maxOpenBookingsPerEmail', whole('maxOpenBookingsPerEmail'), s.maxOpenBookingsPerEmail);
    change('slotStepMinutes', whole('slotStepMinutes'), s.slotStepMinutes);
    change('weekStartsOn', whole('weekStartsOn'), s.weekStartsOn);
    change('dateFormat', text('dateFormat'), s.dateFormat);
    change('reminders', reminders, s.reminders ?? REMINDER_DEFAULTS);
    change('quietHours', quiet ? { start: text('quietStart'), end: text('quietEnd') } : null, s.quietHours ?? null);
    const branding: Record<string, string> = {};
    if (primary !== tenant.branding.primaryColor.toLowerCase()) branding.primaryColor = primary;
    if (secondary !== tenant.branding.secondaryColor.toLowerCase()) branding.secondaryColor = secondary;
    // Built key by key above from the form; the API validates every value.
    const body: TenantPatch = {};
    if (text('name') !== tenant.name) body.name = text('name');
    if (Object.keys(settings).length) body.settings = settings as TenantPatch['settings'];
    if (Object.keys(branding).length) body.branding = branding;
    setSaved(undefined);
    setFailed(undefined);
    if (Object.keys(body).length === 0) return setSaved('Nothing to save: no field changed.');
    setBusy(true);
    const { data, error } = await api.PATCH('/v1/tenants/{tenantId}', {
      params: { path: { tenantId } },
      body,
    });
    setBusy(false);
    if (!data) return setFailed(error?.error.message ?? 'The settings could not be saved.');
    load(data);
    setSaved('Settings saved.');
  }

  if (!tenant) return <p role={failed ? 'alert' : undefined}>{failed ?? 'Loading…'}</p>;
  const s = tenant.settings;
  const shown = withContrast(primary);
  return (
    <section>
      <h1>Settings &amp; branding</h1>
      <form class="stack" onSubmit={save} aria-describedby="settings-help">
        <p id="settings-help" class="muted">
          Your booking page: <a href={`/book/${tenant.slug}`}>/book/{tenant.slug}</a>
        </p>
        <label>
          Salon name
          <input name="name" required maxLength={120} defaultValue={tenant.name} />
        </label>
        <label>
          Time zone (every time of the salon is shown in it)
          <select name="timezone">
            {withCurrent(Intl.supportedValuesOf('timeZone'), s.timezone).map((z) => (
              <option key={z} selected={z === s.timezone}>
                {z}
              </option>
            ))}
          </select>
        </label>
        <label>
          Language and formats (the booking page's default)
          <select name="locale">
            {withCurrent(LOCALES, s.locale).map((l) => (
              <option key={l} selected={l === s.locale}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <label>
          Currency
          <select name="currency">
            {withCurrent(CURRENCIES, s.currency).map((c) => (
              <option key={c} selected={c === s.currency}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <div class="grid">
          <label>
            Weeks start on
            <select name="weekStartsOn">
              <option value="1">Monday</option>
              <option value="0" selected={s.weekStartsOn === 0}>
                Sunday
              </option>
            </select>
          </label>
          <label>
            Date format
            <select name="dateFormat">
              {withCurrent(DATE_FORMATS, s.dateFormat).map((f) => (
                <option key={f} selected={f === s.dateFormat}>
                  {f}
                </option>
              ))}
            </select>
          </label>
        </div>
        <label>
          Address (shown on the booking page and in reminders)
          <input name="address" maxLength={200} defaultValue={s.address ?? ''} autoComplete="street-address" />
        </label>

        <fieldset class="stack">
          <legend>Online booking</legend>
          <label>
            Bookings need the client to confirm from an email
            <select name="onlineBookingConfirmation">
              <option value="required">Yes, hold the time until they confirm</option>
              <option value="none" selected={s.onlineBookingConfirmation === 'none'}>
                No, book at once
              </option>
            </select>
          </label>
          <label>
            An unconfirmed booking holds its time for (minutes)
            <input
              name="pendingHoldMinutes"
              type="number"
              min={5}
              max={1440}
              required
              defaultValue={s.pendingHoldMinutes ?? 30}
            />
          </label>
          <label>
            Unconfirmed bookings held at once per day
            <input
              name="maxPendingHoldsPerDay"
              type="number"
              min={1}
              max={200}
              required
              defaultValue={s.maxPendingHoldsPerDay ?? 10}
            />
          </label>
          <label>
            Open online bookings per client email
            <input
              name="maxOpenBookingsPerEmail"
              type="number"
              min={1}
              max={50}
              required
              defaultValue={s.maxOpenBookingsPerEmail}
            />
          </label>
          <label>
            Start times every (minutes)
            <select name="slotStepMinutes">
              {withCurrent(SLOT_STEPS.map(String), String(s.slotStepMinutes)).map((m) => (
                <option key={m} selected={m === String(s.slotStepMinutes)}>
                  {m}
                </option>
              ))}
            </select>
          </label>
          <label>
            Online cancellation allowed until (hours before)
            <input
              name="cancellationNoticeHours"
              type="number"
              min={0}
              max={336}
              required
              defaultValue={s.cancellationNoticeHours}
            />
          </label>
          <label>
            Minimum notice for a booking (minutes)
            <input name="minimumNoticeMinutes" type="number" min={0} max={10080} required defaultValue={s.minimumNoticeMinutes} />
          </label>
          <label>
            Bookable up to (days ahead)
            <input name="bookingHorizonDays" type="number" min={1} max={365} required defaultValue={s.bookingHorizonDays} />
          </label>
        </fieldset>

        <fieldset class="stack">
          <legend>Branding</legend>
          <div class="row">
            <label>
              Main colour
              <input type="color" name="primaryColor" value={primary} onInput={(e) => setPrimary(e.currentTarget.value)} />
            </label>
            <label>
              Accent colour
              <input type="color" name="secondaryColor" value={secondary} onInput={(e) => setSecondary(e.currentTarget.value)} />
            </label>
          </div>
          <p class="brand-preview" style={{ background: shown, color: '#fff', borderBottom: `4px solid ${secondary}` }}>
            {tenant.name}: how your booking page's bar and buttons look
          </p>
          {shown !== primary && (
            <p role="status" class="notice">
              This colour is too light for white text (contrast {contrastRatio(primary, '#ffffff').toFixed(1)}:1, 4.5:1 needed):
              the booking page uses a darker shade of it.
            </p>
          )}
        </fieldset>

        <fieldset class="stack">
          <legend>Reminders</legend>
          {reminders.length === 0 && <p class="muted">No reminder is sent.</p>}
          {reminders.map((r, i) => (
            <div class="row" key={`${i}-${r.before}`}>
              <label>
                Reminder {i + 1}
                <select
                  value={r.before}
                  onChange={(e) => setReminders(reminders.map((x, j) => (j === i ? { ...x, before: e.currentTarget.value } : x)))}
                >
                  {OFFSETS.some(([v]) => v === r.before) ? null : <option value={r.before}>{r.before}</option>}
                  {OFFSETS.map(([v, label]) => (
                    <option key={v} value={v}>
                      {label} before
                    </option>
                  ))}
                </select>
              </label>
              <label>
                by
                <select
                  value={r.channel}
                  onChange={(e) =>
                    setReminders(
                      reminders.map((x, j) =>
                        j === i ? { ...x, channel: e.currentTarget.value as ReminderOffset['channel'] } : x,
                      ),
                    )
                  }
                >
                  <option value="email">email</option>
                  <option value="sms">SMS</option>
                </select>
              </label>
              <button type="button" class="link danger" onClick={() => setReminders(reminders.filter((_, j) => j !== i))}>
                Remove reminder {i + 1}
              </button>
            </div>
          ))}
          {reminders.length < MAX_REMINDERS && (
            <button
              type="button"
              class="link"
              onClick={() => {
                const free = OFFSETS.find(([v]) => !reminders.some((r) => r.before === v));
                if (free) setReminders([...reminders, { before: free[0], channel: 'email' }]);
              }}
            >
              Add a reminder
            </button>
          )}
          <label class="check">
            <input type="checkbox" checked={quiet} onChange={(e) => setQuiet(e.currentTarget.checked)} />
            Quiet hours: send no reminder between
          </label>
          {quiet && (
            <div class="row">
              <label>
                From
                <input type="time" name="quietStart" required defaultValue={s.quietHours?.start ?? '21:00'} />
              </label>
              <label>
                to
                <input type="time" name="quietEnd" required defaultValue={s.quietHours?.end ?? '08:00'} />
              </label>
            </div>
          )}
        </fieldset>

        {failed && <p role="alert">{failed}</p>}
        {saved && <p role="status">{saved}</p>}
        <button type="submit" disabled={busy}>
          Save the settings
        </button>
      </form>
    </section>
  );
}
