/**
 * `/book/<slug>`: service → month (one `summary=1` request per month) → day's times → contact details →
 * booked (pending until the emailed link confirms it). `/book/<slug>/bookings/<id>/confirm#token=…` is
 * that link; `/book/<slug>/bookings/<id>#manage=…` cancels. Tokens travel in the fragment, which the
 * browser never sends to a server.
 */
import { useEffect, useState } from 'preact/hooks';
import { type Answer, type Api, errorCode } from '../shared/api';
import { addDays, formatDate, formatPrice, formatTime, localDate, zoneLabel } from '../shared/time';
import { initialLang, LANGS, type Lang, LOCALES, WORDS } from './i18n';

type Service = Answer<'listPublicServices'>['items'][number];
interface Slot {
  start: string;
  staffId: string;
}
type Booking = Answer<'createPublicBooking'>;

export function BookingApp({ api }: { api: Api }) {
  const [lang, setLang] = useState<Lang>(() => initialLang(window.location.search, navigator.languages ?? [navigator.language]));
  const t = WORDS[lang];
  const [, , slug = '', sub, appointmentId, action] = window.location.pathname.split('/');
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const fragment = new URLSearchParams(window.location.hash.slice(1));

  let body = <Flow api={api} slug={slug} lang={lang} />;
  if (sub === 'bookings' && appointmentId && action === 'confirm')
    body = <Confirm api={api} slug={slug} appointmentId={appointmentId} token={fragment.get('token') ?? ''} lang={lang} />;
  else if (sub === 'bookings' && appointmentId)
    body = <Manage api={api} slug={slug} appointmentId={appointmentId} token={fragment.get('manage') ?? ''} lang={lang} />;

  return (
    <>
      <header class="bar brand-bar">
        <span class="brand">{slug}</span>
        <span class="spacer" />
        <fieldset class="langs">
          <legend class="sr-only">{t.language}</legend>
          {LANGS.map((l) => (
            <button key={l} type="button" class="link" aria-pressed={l === lang} onClick={() => setLang(l)} lang={l}>
              {l.toUpperCase()}
            </button>
          ))}
        </fieldset>
      </header>
      <main id="main" class="narrow">
        {body}
      </main>
    </>
  );
}

function Flow({ api, slug, lang }: { api: Api; slug: string; lang: Lang }) {
  const t = WORDS[lang];
  const locale = LOCALES[lang];
  const [services, setServices] = useState<Service[] | undefined>();
  const [failed, setFailed] = useState<string | undefined>();
  const [service, setService] = useState<Service | undefined>();
  const [month, setMonth] = useState(() => new Date().toISOString().slice(0, 7));
  const [days, setDays] = useState<{ timezone: string; counts: Map<string, number> } | undefined>();
  const [date, setDate] = useState<string | undefined>();
  const [slots, setSlots] = useState<Slot[] | undefined>();
  const [slot, setSlot] = useState<Slot | undefined>();
  const [booking, setBooking] = useState<Booking | undefined>();
  const [error, setError] = useState<string | undefined>();
  const path = { slug };

  useEffect(() => {
    void api.GET('/v1/public/{slug}/services', { params: { path } }).then(({ data, error: e }) => {
      if (data) setServices(data.items);
      else setFailed(e?.error.code === 'NOT_FOUND' ? t.notFound : t.failed);
    });
  }, [slug]);

  useEffect(() => {
    if (!service) return;
    setDays(undefined);
    const today = new Date().toISOString().slice(0, 10);
    const first = `${month}-01`;
    const from = first < today ? today : first;
    const to = addDays(`${addDays(first, 32).slice(0, 7)}-01`, -1);
    if (to < from) return;
    void api
      .GET('/v1/public/{slug}/availability', {
        params: { path, query: { serviceId: service.serviceId, from, to, summary: '1' } },
      })
      .then(({ data }) => {
        if (!data || !('days' in data)) return setFailed(t.failed);
        const counts = new Map<string, number>();
        for (const d of data.days) counts.set(d.date, 'count' in d ? d.count : d.slots.length);
        setDays({ timezone: data.timezone, counts });
      });
  }, [service?.serviceId, month]);

  async function loadDay(d: string) {
    if (!service) return;
    setDate(d);
    setSlots(undefined);
    const { data } = await api.GET('/v1/public/{slug}/availability', {
      params: { path, query: { serviceId: service.serviceId, date: d } },
    });
    setSlots(data && 'slots' in data ? data.slots : []);
  }

  async function submit(event: Event) {
    event.preventDefault();
    if (!service || !slot) return;
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const phone = String(form.get('phone') ?? '').trim();
    setError(undefined);
    const { data, error: e } = await api.POST('/v1/public/{slug}/bookings', {
      params: { path },
      body: {
        serviceId: service.serviceId,
        staffId: slot.staffId,
        start: slot.start,
        client: {
          name: String(form.get('name') ?? '').trim(),
          email: String(form.get('email') ?? '').trim(),
          ...(phone ? { phone } : {}),
        },
      },
    });
    if (data) return setBooking(data);
    if (errorCode(e) === 'SLOT_UNAVAILABLE') {
      setError(t.taken);
      setSlot(undefined);
      if (date) await loadDay(date);
      return;
    }
    setError(e?.error.message ?? t.failed);
  }

  if (failed) return <p role="alert">{failed}</p>;
  if (!services) return <p>{t.loading}</p>;
  const zone = days?.timezone;
  const staffName = (id: string) => service?.staff.find((s) => s.staffId === id)?.name;

  if (booking && zone) {
    const manage = `/book/${slug}/bookings/${booking.appointmentId}#manage=${booking.manageToken}`;
    return (
      <section aria-live="polite">
        <h1>{booking.status === 'pending' ? t.title : t.confirmed}</h1>
        <p class="summary">
          {service?.name} · {formatDate(localDate(booking.start, zone), locale)} {formatTime(booking.start, zone, locale)} (
          {zoneLabel(zone, locale)})
        </p>
        {booking.status === 'pending' && booking.holdExpiresAt && (
          <p role="status">{t.pending(formatTime(booking.holdExpiresAt, zone, locale))}</p>
        )}
        <p>
          {t.manage} <a href={manage}>{t.manageLink}</a>
        </p>
      </section>
    );
  }

  return (
    <section>
      <h1>{t.title}</h1>
      <h2>{t.service}</h2>
      {services.length === 0 && <p>{t.noServices}</p>}
      <ul class="choices">
        {services.map((s) => (
          <li key={s.serviceId}>
            <button
              type="button"
              aria-pressed={s.serviceId === service?.serviceId}
              onClick={() => {
                setService(s);
                setDate(undefined);
                setSlot(undefined);
              }}
            >
              <strong>{s.name}</strong>{' '}
              <span>
                {s.durationMinutes} min · {formatPrice(s.price.amount, s.price.currency, locale)}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {service && (
        <>
          <h2>{t.date}</h2>
          <Month
            month={month}
            setMonth={setMonth}
            counts={days?.counts}
            selected={date}
            onPick={(d) => void loadDay(d)}
            lang={lang}
          />
          {zone && <p class="muted">{t.timesIn(zoneLabel(zone, locale))}</p>}
        </>
      )}
      {date && zone && (
        <>
          <h2>
            {t.time} · {formatDate(date, locale)}
          </h2>
          {!slots && <p>{t.loading}</p>}
          {slots?.length === 0 && <p>{t.noSlotsDay}</p>}
          <div class="slot-list">
            {slots?.map((s) => (
              <button key={`${s.start}-${s.staffId}`} type="button" aria-pressed={s === slot} onClick={() => setSlot(s)}>
                {formatTime(s.start, zone, locale)} <small>{t.with(staffName(s.staffId) ?? '')}</small>
              </button>
            ))}
          </div>
        </>
      )}
      {error && (
        <p role="alert" class="notice">
          {error}
        </p>
      )}
      {slot && zone && (
        <form class="stack" onSubmit={submit}>
          <h2>{t.details}</h2>
          <p class="summary">
            {service?.name} · {formatTime(slot.start, zone, locale)} {t.with(staffName(slot.staffId) ?? '')}
          </p>
          <label>
            {t.name}
            <input name="name" required maxLength={120} autoComplete="name" />
          </label>
          <label>
            {t.email}
            <input name="email" type="email" required maxLength={254} autoComplete="email" />
          </label>
          <label>
            {t.phone}
            <input name="phone" type="tel" autoComplete="tel" />
          </label>
          <button type="submit">{t.book}</button>
        </form>
      )}
    </section>
  );
}

/** A month grid; a day without a free time is shown as such and cannot be picked. */
function Month(props: {
  month: string;
  setMonth: (m: string) => void;
  counts: Map<string, number> | undefined;
  selected: string | undefined;
  onPick: (d: string) => void;
  lang: Lang;
}) {
  const t = WORDS[props.lang];
  const locale = LOCALES[props.lang];
  const first = `${props.month}-01`;
  const lead = (new Date(`${first}T12:00:00Z`).getUTCDay() + 6) % 7; // Monday first
  const dates: string[] = [];
  for (let d = first; d.startsWith(props.month); d = addDays(d, 1)) dates.push(d);
  const shift = (n: number) => props.setMonth(addDays(`${addDays(first, n * 31).slice(0, 7)}-01`, 0).slice(0, 7));
  const thisMonth = new Date().toISOString().slice(0, 7);
  const title = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(
    new Date(`${first}T12:00:00Z`),
  );
  return (
    <div class="month">
      <div class="row">
        <button
          type="button"
          class="link"
          onClick={() => shift(-1)}
          disabled={props.month <= thisMonth}
          aria-label={t.previousMonth}
        >
          ‹
        </button>
        <strong aria-live="polite">{title}</strong>
        <button type="button" class="link" onClick={() => shift(1)} aria-label={t.nextMonth}>
          ›
        </button>
      </div>
      <div class="month-grid">
        {Array.from({ length: lead }, (_, i) => (
          <span key={`lead-${i}`} />
        ))}
        {dates.map((d) => {
          const count = props.counts?.get(d) ?? 0;
          return (
            <button
              key={d}
              type="button"
              disabled={!props.counts || count === 0}
              aria-pressed={d === props.selected}
              aria-label={`${formatDate(d, locale)}: ${count ? t.freeTimes(count) : t.noSlotsDay}`}
              data-date={d}
              onClick={() => props.onPick(d)}
            >
              {Number(d.slice(8))}
            </button>
          );
        })}
      </div>
    </div>
  );
}

function Confirm(props: { api: Api; slug: string; appointmentId: string; token: string; lang: Lang }) {
  const t = WORDS[props.lang];
  const [message, setMessage] = useState<string>(t.confirming);
  useEffect(() => {
    void props.api
      .POST('/v1/public/{slug}/bookings/{appointmentId}/confirm', {
        params: { path: { slug: props.slug, appointmentId: props.appointmentId } },
        body: { token: props.token },
      })
      .then(({ data, error }) => {
        const code = errorCode(error);
        setMessage(
          data
            ? t.confirmed
            : code === 'HOLD_EXPIRED'
              ? t.expired
              : code === 'NOT_FOUND'
                ? t.notFound
                : (error?.error.message ?? t.failed),
        );
      });
  }, []);
  return (
    <section aria-live="polite">
      <h1>{t.title}</h1>
      <p role="status">{message}</p>
    </section>
  );
}

function Manage(props: { api: Api; slug: string; appointmentId: string; token: string; lang: Lang }) {
  const t = WORDS[props.lang];
  const [message, setMessage] = useState<string | undefined>();
  async function cancel() {
    const { data, error } = await props.api.POST('/v1/public/{slug}/bookings/{appointmentId}/cancel', {
      params: { path: { slug: props.slug, appointmentId: props.appointmentId } },
      body: { token: props.token },
    });
    const code = errorCode(error);
    setMessage(
      data ? t.cancelled : code === 'CANCELLATION_WINDOW_PASSED' ? t.tooLate : code === 'NOT_FOUND' ? t.notFound : t.failed,
    );
  }
  return (
    <section>
      <h1>{t.manageLink}</h1>
      {message ? (
        <p role="status">{message}</p>
      ) : (
        <button type="button" class="danger" onClick={() => void cancel()}>
          {t.cancel}
        </button>
      )}
    </section>
  );
}
