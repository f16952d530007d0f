/**
 * The HTML pages behind an unsubscribe link, for people who open it in a browser: GET shows what the
 * link would turn off and a button that POSTs (GET changes nothing: mail scanners follow links), POST
 * shows that it is done. fr or en, chosen by the browser's Accept-Language, else the salon's locale.
 * Pure: no I/O, everything escaped.
 */
import type { MessageChannel, MessageLocale } from '../entities/outbox';

export interface UnsubscribePage {
  channel: MessageChannel;
  /** The preference as it is now (GET) or after the POST. */
  subscribed: boolean;
  /** POST only: whether this request turned it off. */
  changed?: boolean;
  salonName: string;
  locale: MessageLocale;
  /** The form's target: this very link (path and query, so it works behind any stage prefix). */
  action: string;
}

/** The page's language: the first of fr/en the browser accepts (by q), else the salon's locale, else en. */
export function pageLocale(acceptLanguage: string | undefined, salonLocale: string | undefined): MessageLocale {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { lang: tag.trim().toLowerCase().split('-')[0] ?? '', q: q === undefined ? 1 : Number(q), i };
    })
    .filter((l) => l.q > 0 && (l.lang === 'fr' || l.lang === 'en'))
    .sort((a, b) => b.q - a.q || a.i - b.i);
  const first = ranked[0]?.lang;
  if (first === 'fr' || first === 'en') return first;
  return (salonLocale ?? '').toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

const WORDS = {
  en: {
    title: 'Unsubscribe',
    what: { email: 'emails', sms: 'text messages' },
    ask: (salon: string, what: string) => `Stop receiving ${what} from ${salon}?`,
    button: (what: string) => `Unsubscribe from ${what}`,
    already: (salon: string, what: string) => `You no longer receive ${what} from ${salon}.`,
    done: (salon: string, what: string) => `Done: you will no longer receive ${what} from ${salon}.`,
    note: 'Only this preference changes; your appointments stay as they are.',
  },
  fr: {
    title: 'Désabonnement',
    what: { email: 'les e-mails', sms: 'les SMS' },
    ask: (salon: string, what: string) => `Ne plus recevoir ${what} de ${salon} ?`,
    button: (what: string) => `Me désabonner (${what})`,
    already: (salon: string, what: string) => `Vous ne recevez plus ${what} de ${salon}.`,
    done: (salon: string, what: string) => `C’est fait : vous ne recevrez plus ${what} de ${salon}.`,
    note: 'Seule cette préférence change ; vos rendez-vous restent inchangés.',
  },
} as const;

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

export function renderUnsubscribePage(page: UnsubscribePage): string {
  const w = WORDS[page.locale];
  const what = w.what[page.channel];
  const salon = escapeHtml(page.salonName);
  let main: string;
  if (page.changed !== undefined) main = `<p role="status">${escapeHtml(w.done(page.salonName, what))}</p>`;
  else if (!page.subscribed) main = `<p>${escapeHtml(w.already(page.salonName, what))}</p>`;
  else {
    main =
      `<p>${escapeHtml(w.ask(page.salonName, what))}</p>\n` +
      `<form method="post" action="${escapeHtml(page.action)}">` +
      '<input type="hidden" name="List-Unsubscribe" value="One-Click">' +
      `<button type="submit">${escapeHtml(w.button(what))}</button></form>`;
  }
  return `<!doctype html>
<html lang="${page.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(w.title)} · ${salon}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a}button{font:inherit;padding:.6rem 1.2rem;border:0;border-radius:.4rem;background:#1a4f8a;color:#fff;cursor:pointer}small{color:#555}</style>
</head>
<body>
<main>
<h1>${escapeHtml(w.title)}</h1>
${main}
<p><small>${escapeHtml(w.note)}</small></p>
</main>
</body>
</html>
`;
}
