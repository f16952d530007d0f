/** The booking page's words in French and English. */
export const LANGS = ['fr', 'en'] as const;
export type Lang = (typeof LANGS)[number];

const en = {
  title: 'Book an appointment',
  service: 'Service',
  date: 'Date',
  time: 'Time',
  details: 'Your details',
  name: 'Name',
  email: 'Email',
  phone: 'Phone (optional)',
  book: 'Book',
  back: 'Back',
  previousMonth: 'Previous month',
  nextMonth: 'Next month',
  noSlotsDay: 'No free time',
  freeTimes: (n: number) => `${n} free time${n === 1 ? '' : 's'}`,
  timesIn: (zone: string) => `Times are in ${zone}.`,
  with: (who: string) => `with ${who}`,
  pending: (until: string) => `Almost done: we sent you an email. Open its link before ${until} to confirm your booking.`,
  confirmed: 'Your appointment is booked.',
  manage: 'Keep this link to cancel your appointment:',
  manageLink: 'Manage my booking',
  cancel: 'Cancel my appointment',
  cancelled: 'Your appointment is cancelled.',
  confirming: 'Confirming your booking…',
  taken: 'Sorry, that time was just taken. Please choose another time.',
  tooLate: 'It is too late to cancel online: please call the salon.',
  expired: 'This booking was not confirmed in time and has been released. Please book again.',
  notFound: 'This salon or booking does not exist.',
  failed: 'Something went wrong. Please try again.',
  loading: 'Loading…',
  language: 'Language',
  noServices: 'This salon has no service to book online.',
  cancelRule: (hours: number) => `You can cancel online up to ${hours} h before your appointment.`,
  bookedFor: (when: string) => `Your appointment: ${when}.`,
  address: 'Address',
  logo: (salon: string) => `${salon} logo`,
};
type Words = typeof en;

const fr: Words = {
  title: 'Prendre rendez-vous',
  service: 'Prestation',
  date: 'Date',
  time: 'Heure',
  details: 'Vos coordonnées',
  name: 'Nom',
  email: 'E-mail',
  phone: 'Téléphone (facultatif)',
  book: 'Réserver',
  back: 'Retour',
  previousMonth: 'Mois précédent',
  nextMonth: 'Mois suivant',
  noSlotsDay: 'Aucun créneau',
  freeTimes: (n) => `${n} créneau${n === 1 ? '' : 'x'} libre${n === 1 ? '' : 's'}`,
  timesIn: (zone) => `Heures affichées : ${zone}.`,
  with: (who) => `avec ${who}`,
  pending: (until) => `Presque fini : nous vous avons envoyé un e-mail. Ouvrez son lien avant ${until} pour confirmer.`,
  confirmed: 'Votre rendez-vous est réservé.',
  manage: 'Gardez ce lien pour annuler votre rendez-vous :',
  manageLink: 'Gérer ma réservation',
  cancel: 'Annuler mon rendez-vous',
  cancelled: 'Votre rendez-vous est annulé.',
  confirming: 'Confirmation de votre réservation…',
  taken: 'Désolé, ce créneau vient d’être pris. Choisissez-en un autre.',
  tooLate: 'Il est trop tard pour annuler en ligne : appelez le salon.',
  expired: 'Cette réservation n’a pas été confirmée à temps et a été libérée. Réservez à nouveau.',
  notFound: 'Ce salon ou cette réservation n’existe pas.',
  failed: 'Une erreur est survenue. Réessayez.',
  loading: 'Chargement…',
  language: 'Langue',
  noServices: 'Ce salon ne propose aucune prestation en ligne.',
  cancelRule: (hours) => `Annulation en ligne possible jusqu’à ${hours} h avant le rendez-vous.`,
  bookedFor: (when) => `Votre rendez-vous : ${when}.`,
  address: 'Adresse',
  logo: (salon: string) => `Logo de ${salon}`,
};

export const WORDS: Record<Lang, Words> = { en, fr };
export const LOCALES: Record<Lang, string> = { en: 'en-GB', fr: 'fr-FR' };

/** `?lang=` when the link names one, else the salon's own language (fr or en), else the browser's. */
export function initialLang(search: string, browser: ReadonlyArray<string>, salonLocale?: string): Lang {
  const asked = new URLSearchParams(search).get('lang');
  if (asked === 'fr' || asked === 'en') return asked;
  const salon = salonLocale?.toLowerCase().slice(0, 2);
  if (salon === 'fr' || salon === 'en') return salon;
  return browser.some((l) => l.toLowerCase().startsWith('en')) && !browser[0]?.toLowerCase().startsWith('fr') ? 'en' : 'fr';
}

/** How dates and prices are written: the salon's own locale when it speaks the page's language (en-US), else the language's. */
export function formatLocale(lang: Lang, salonLocale: string): string {
  return salonLocale.toLowerCase().startsWith(lang) ? salonLocale : LOCALES[lang];
}
