/**
 * `/book/<slug>`: service → month (one `summary=1` request per month) → day's times → contact details →
 * booked (pending until the emailed link confirms it). `/book/<slug>/bookings/<id>/confirm#token=…` is
 * that link; `/book/<slug>/bookings/<id>#manage=…` cancels. Tokens travel in the fragment, which the
 * browser never sends to a server.
 */
import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import { type Answer, type Api, errorCode } from '../shared/api';
import { brandingProperties } from '../shared/contrast';
import { addDays, formatDate, formatPrice, formatTime, localDate, zoneLabel } from '../shared/time';
import { formatLocale, initialLang, LANGS, type Lang, WORDS } from './i18n';
import { salonLogo } from './logo';

type Salon = Answer<'getPublicSalon'>;
type Service = Answer<'listPublicServices'>['items'][number];
interface Slot {
  start: string;
  staffId: string;
}
type Booking = Answer<'createPublicBooking'>;

type ServicesAnswer = Service[] | 'notFound' | 'failed';
const loadServices = (api: Api, slug: string): Promise<ServicesAnswer> =>
  api
    .GET('/v1/public/{slug}/services', { params: { path: { slug } } })
    .then(({ data, error }) => data?.items ?? (errorCode(error) === 'NOT_FOUND' ? 'notFound' : 'failed'));

export function BookingApp({ api, apiUrl }: { api: Api; apiUrl: string }) {
  const [, , slug = '', sub, appointmentId, action] = window.location.pathname.split('/');
  // Asked at once, beside the salon's profile, not after it: one round trip less before the services show.
  const booked = sub === 'bookings' ? appointmentId : undefined;
  const [services] = useState(() => (booked ? undefined : loadServices(api, slug)));
  const browser = navigator.languages ?? [navigator.language];
  const [salon, setSalon] = useState<Salon | undefined>();
  const [missing, setMissing] = useState<'notFound' | 'failed' | undefined>();
  // A logo that fails to load (gone meanwhile, link expired) leaves the bar as without one.
  const [logoFailed, setLogoFailed] = useState(false);
  // Until the visitor picks one, the language follows the link (?lang=) or the salon's locale.
  const [picked, setPicked] = useState<Lang | undefined>();
  const lang = picked ?? initialLang(window.location.search, browser, salon?.locale);
  const t = WORDS[lang];
  // The choice stays in the address (?lang=), so a reload or the manage link keeps it.
  const pick = (l: Lang) => {
    setPicked(l);
    const url = new URL(window.location.href);
    url.searchParams.set('lang', l);
    window.history.replaceState(null, '', url);
  };
  useEffect(() => {
    void api.GET('/v1/public/{slug}', { params: { path: { slug } } }).then(({ data, error }) => {
      if (data) setSalon(data);
      else setMissing(errorCode(error) === 'NOT_FOUND' ? 'notFound' : 'failed');
    });
  }, [slug]);
  // Before paint: text in the new language is never announced in the old one.
  useLayoutEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  useEffect(() => {
    if (!salon) return;
    document.title = `${salon.name} · ${t.title}`;
    for (const [name, value] of Object.entries(brandingProperties(salon.branding)))
      document.documentElement.style.setProperty(name, value);
  }, [salon, lang]);
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  const logo = salon && !logoFailed ? salonLogo(apiUrl, salon.branding, t.logo(salon.name)) : undefined;

  let body = <p>{t.loading}</p>;
  if (missing) body = <p role="alert">{t[missing]}</p>;
  else if (salon) {
    const page = { api, salon, lang };
    if (booked && action === 'confirm') body = <Confirm {...page} appointmentId={booked} token={fragment.get('token') ?? ''} />;
    else if (booked) body = <Manage {...page} appointmentId={booked} token={fragment.get('manage') ?? ''} />;
    else if (services) body = <Flow {...page} services={services} />;
  }

  return (
    <>
      <header class="bar brand-bar">
        {logo && (
          <img class="brand-logo" src={logo.src} alt={logo.alt} height={logo.height} onError={() => setLogoFailed(true)} />
        )}
        <span class="brand">{salon?.name ?? ''}</span>
        <span class="spacer" />
        <fieldset class="langs">
          <legend class="sr-only">{t.language}</legend>
          {LANGS.map((l) => (
            <button key={l} type="button" class="link" aria-pressed={l === lang} onClick={() => pick(l)} lang={l}>
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

interface PageProps {
  api: Api;
  salon: Salon;
  lang: Lang;
}

/** An instant as the salon writes it: date, time and the salon's zone. */
function when(iso: string, salon: Salon, locale: string): string {
  return `${formatDate(localDate(iso, salon.timezone), locale)} ${formatTime(iso, salon.timezone, locale)} (${zoneLabel(salon.timezone, locale, new Date(iso))})`;
}

function Flow({ api, salon, lang, services: request }: PageProps & { services: Promise<ServicesAnswer> }) {
  const t = WORDS[lang];
  const locale = formatLocale(lang, salon.locale);
  const slug = salon.slug;
  // "Today" is the salon's date, not the browser's: a visitor abroad sees the salon's calendar.
  const today = localDate(new Date(), salon.timezone);
  const [services, setServices] = useState<Service[] | undefined>();
  const [failed, setFailed] = useState<string | undefined>();
  const [service, setService] = useState<Service | undefined>();
  const [month, setMonth] = useState(() => today.slice(0, 7));
  const [days, setDays] = useState<{ timezone: string; counts: Map<string, number> } | undefined>();
  const [date, setDate] = useState<string | undefined>();
  const [slots, setSlots] = useState<Slot[] | undefined>();
  const [slot, setSlot] = useState<Slot | undefined>();
  const [booking, setBooking] = useState<Booking | undefined>();
  const [error, setError] = useState<string | undefined>();
  const path = { slug };

  useEffect(() => {
    void request.then((answer) => (typeof answer === 'string' ? setFailed(t[answer]) : setServices(answer)));
  }, [request]);

  useEffect(() => {
    if (!service) return;
    setDays(undefined);
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
  const zone = days?.timezone ?? salon.timezone;
  const staffName = (id: string) => service?.staff.find((s) => s.staffId === id)?.name;

  if (booking && zone) {
    const manage = `/book/${slug}/bookings/${booking.appointmentId}?lang=${lang}#manage=${booking.manageToken}`;
    return (
      <section aria-live="polite">
        <h1>{booking.status === 'pending' ? t.title : t.confirmed}</h1>
        <p class="summary">
          {service?.name} · {when(booking.start, salon, locale)}
        </p>
        {booking.status === 'pending' && booking.holdExpiresAt && (
          <p role="status">
            {t.pending(
              `${formatTime(booking.holdExpiresAt, zone, locale)} (${zoneLabel(zone, locale, new Date(booking.holdExpiresAt))})`,
            )}
          </p>
        )}
        <p>{t.cancelRule(salon.booking.cancellationNoticeHours)}</p>
        <p>
          {t.manage} <a href={manage}>{t.manageLink}</a>
        </p>
      </section>
    );
  }

  return (
    <section>
      <h1>{t.title}</h1>
      {salon.address && (
        <p class="muted">
          {t.address}: {salon.address}
        </p>
      )}
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
            locale={locale}
            today={today}
            weekStartsOn={salon.weekStartsOn}
          />
          <p class="muted">{t.timesIn(zoneLabel(zone, locale))}</p>
        </>
      )}
      {date && zone && (
        <>
          <h2>
            {t.time} · {formatDate(date, locale)} ({zoneLabel(zone, locale, new Date(`${date}T12:00:00Z`))})
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
            {service?.name} · {when(slot.start, salon, locale)} {t.with(staffName(slot.staffId) ?? '')}
          </p>
          <p class="muted">{t.cancelRule(salon.booking.cancellationNoticeHours)}</p>
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
  locale: string;
  today: string;
  weekStartsOn: 0 | 1;
}) {
  const t = WORDS[props.lang];
  const locale = props.locale;
  const first = `${props.month}-01`;
  const lead = (new Date(`${first}T12:00:00Z`).getUTCDay() + 7 - props.weekStartsOn) % 7;
  const dates: string[] = [];
  for (let d = first; d.startsWith(props.month); d = addDays(d, 1)) dates.push(d);
  const shift = (n: number) => props.setMonth(addDays(`${addDays(first, n * 31).slice(0, 7)}-01`, 0).slice(0, 7));
  const thisMonth = props.today.slice(0, 7);
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
              aria-current={d === props.today ? 'date' : undefined}
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

function Confirm(props: PageProps & { appointmentId: string; token: string }) {
  const t = WORDS[props.lang];
  const locale = formatLocale(props.lang, props.salon.locale);
  const [message, setMessage] = useState<string>(t.confirming);
  const [start, setStart] = useState<string | undefined>();
  useEffect(() => {
    void props.api
      .POST('/v1/public/{slug}/bookings/{appointmentId}/confirm', {
        params: { path: { slug: props.salon.slug, appointmentId: props.appointmentId } },
        body: { token: props.token },
      })
      .then(({ data, error }) => {
        const code = errorCode(error);
        if (data) setStart(data.start);
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
      <p role="status">{start ? WORDS[props.lang].confirmed : message}</p>
      {start && (
        <>
          <p class="summary">{t.bookedFor(when(start, props.salon, locale))}</p>
          <p>{t.cancelRule(props.salon.booking.cancellationNoticeHours)}</p>
        </>
      )}
    </section>
  );
}

function Manage(props: PageProps & { appointmentId: string; token: string }) {
  const t = WORDS[props.lang];
  const [message, setMessage] = useState<string | undefined>();
  async function cancel() {
    const { data, error } = await props.api.POST('/v1/public/{slug}/bookings/{appointmentId}/cancel', {
      params: { path: { slug: props.salon.slug, appointmentId: props.appointmentId } },
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
      <p class="muted">{t.cancelRule(props.salon.booking.cancellationNoticeHours)}</p>
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
