/**
 * Message texts, rendered from the outbox item's template name, channel, locale and data. Plain text,
 * short; an SMS is one line that fits a couple of segments. Appointment messages show the start in the
 * salon's timezone, formatted for the client's locale (en, fr).
 */
import type { MessageChannel, MessageLocale, MessageTemplate } from '../entities/outbox';
import { isOneOf } from '../domain/closed-lists';

export interface RenderedMessage {
  /** Email only; an SMS has no subject. */
  subject: string;
  text: string;
}

type Data = Readonly<Record<string, string>>;

/** The appointment templates' data: salonName, salonAddress, serviceName, staffName, start (ISO with offset), timezone, manageUrl ('' if none). */
const APPOINTMENT_TEMPLATES = ['reminder', 'appointment-booked', 'appointment-rescheduled', 'appointment-cancelled'] as const;
type AppointmentTemplate = (typeof APPOINTMENT_TEMPLATES)[number];

export function isAppointmentTemplate(template: MessageTemplate): template is AppointmentTemplate {
  return isOneOf(APPOINTMENT_TEMPLATES, template);
}

/** Templates addressed to a salon's client: they carry the one-click unsubscribe (RFC 8058). */
export function isClientTemplate(template: MessageTemplate): boolean {
  return isAppointmentTemplate(template);
}

export function renderMessage(
  template: MessageTemplate,
  data: Data,
  channel: MessageChannel = 'email',
  locale: MessageLocale = 'en',
): RenderedMessage {
  if (isAppointmentTemplate(template)) return renderAppointment(template, data, channel, locale);
  if (template === 'staff-copy') return renderStaffCopy(data, locale);
  return renderEmail(template, data);
}

const STAFF_COPY = {
  en: {
    booked: 'New appointment',
    rescheduled: 'Appointment moved',
    cancelled: 'Appointment cancelled',
    with: 'with',
    was: 'It was',
  },
  fr: {
    booked: 'Nouveau rendez-vous',
    rescheduled: 'Rendez-vous déplacé',
    cancelled: 'Rendez-vous annulé',
    with: 'avec',
    was: 'Il était prévu',
  },
} as const;

/** The staff member's copy: what changed, when (salon time), which service, with whom; no client contact details. */
function renderStaffCopy(data: Data, locale: MessageLocale): RenderedMessage {
  const copy = STAFF_COPY[locale];
  const change = need(data, 'change');
  if (change !== 'booked' && change !== 'rescheduled' && change !== 'cancelled') throw new Error(`Unknown change ${change}`);
  const timezone = need(data, 'timezone');
  const when = localStart(need(data, 'start'), timezone, locale);
  const before = data.previousStart ? `${copy.was} ${localStart(data.previousStart, timezone, locale)}.\n` : '';
  return {
    subject: `${copy[change]}: ${need(data, 'serviceName')}, ${when}`,
    text: `${need(data, 'salonName')}: ${copy[change]}\n${when}\n${need(data, 'serviceName')} ${copy.with} ${need(data, 'clientName')}.\n${before}`,
  };
}

/** The salon-local start, e.g. "Tuesday, March 31, 2026 at 9:00 AM" or "mardi 31 mars 2026 à 09:00". */
export function localStart(start: string, timezone: string, locale: MessageLocale): string {
  const instant = new Date(start);
  if (Number.isNaN(instant.getTime())) throw new Error('An appointment message needs a valid start');
  return new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-US', {
    timeZone: timezone,
    dateStyle: 'full',
    timeStyle: 'short',
  }).format(instant);
}

const COPY = {
  en: {
    reminder: { subject: 'Reminder', lead: 'Reminder: your appointment' },
    'appointment-booked': { subject: 'Booked', lead: 'Your appointment is booked' },
    'appointment-rescheduled': { subject: 'Moved', lead: 'Your appointment has moved' },
    'appointment-cancelled': { subject: 'Cancelled', lead: 'Your appointment is cancelled' },
    at: 'at',
    with: 'with',
    manage: 'Manage it here',
    was: 'It was',
  },
  fr: {
    reminder: { subject: 'Rappel', lead: 'Rappel : votre rendez-vous' },
    'appointment-booked': { subject: 'Réservé', lead: 'Votre rendez-vous est réservé' },
    'appointment-rescheduled': { subject: 'Déplacé', lead: 'Votre rendez-vous a été déplacé' },
    'appointment-cancelled': { subject: 'Annulé', lead: 'Votre rendez-vous est annulé' },
    at: 'chez',
    with: 'avec',
    manage: 'Le gérer ici',
    was: 'Il était prévu',
  },
} as const;

function renderAppointment(
  template: AppointmentTemplate,
  data: Data,
  channel: MessageChannel,
  locale: MessageLocale,
): RenderedMessage {
  const copy = COPY[locale];
  const when = localStart(need(data, 'start'), need(data, 'timezone'), locale);
  const salon = need(data, 'salonName');
  const service = need(data, 'serviceName');
  const manage = template !== 'appointment-cancelled' && data.manageUrl ? data.manageUrl : '';
  const subject = `${copy[template].subject}: ${service} ${copy.at} ${salon}`;
  if (channel === 'sms') {
    return { subject, text: `${salon}: ${copy[template].lead} (${service}), ${when}.${manage ? ` ${manage}` : ''}` };
  }
  const address = data.salonAddress ? ` (${data.salonAddress})` : '';
  const before = data.previousStart ? `\n${copy.was} ${localStart(data.previousStart, need(data, 'timezone'), locale)}.\n` : '';
  return {
    subject,
    text:
      `${copy[template].lead} ${copy.at} "${salon}"${address}:\n${when}\n` +
      `${service} ${copy.with} ${need(data, 'staffName')}.\n${before}` +
      (manage ? `\n${copy.manage}: ${manage}\n` : ''),
  };
}

function need(data: Data, field: string): string {
  const value = data[field];
  if (value === undefined) throw new Error(`The message data lacks ${field}`);
  return value;
}

/** Platform emails (to members and bookers), English only for now. */
export function renderEmail(template: MessageTemplate, data: Data): RenderedMessage {
  switch (template) {
    case 'welcome':
      return {
        subject: `Welcome to Rendezvous, ${data.tenantName}`,
        text: `Your salon "${data.tenantName}" is ready.\nIts booking page name is "${data.slug}".\n\nYou are its owner: invite your team from the Members page.\n`,
      };
    case 'invitation':
      return {
        subject: `You are invited to join ${data.tenantName} on Rendezvous`,
        text: `You have been invited to join "${data.tenantName}" as ${data.role}.\n\nSign in and accept: ${data.acceptUrl}\n\nThis invitation expires in 7 days.\n`,
      };
    case 'booking-confirmation':
      return {
        subject: `Confirm your booking at ${data.salonName}`,
        text: `You booked an appointment at "${data.salonName}" starting ${data.start}.\n\nConfirm it here: ${data.confirmUrl}\n${data.manageUrl ? `\nManage or cancel it here: ${data.manageUrl}\n` : ''}\nUntil you confirm, the time is only held for you, until ${data.holdExpiresAt}; after that it is released.\nIf you did not book this, ignore this email.\n`,
      };
    case 'staff-copy':
      return renderStaffCopy(data, 'en');
    case 'usage-alert':
      return {
        subject: `${data.salonName} has used ${data.threshold}% of its plan's ${data.limit}`,
        text: `"${data.salonName}" has used ${data.used} of the ${data.max} ${data.limit} its plan allows (${data.period}).\n\n${
          data.threshold === '100'
            ? 'It has reached the limit: more is refused until usage goes down, the month ends (monthly limits) or the plan is upgraded.'
            : 'At the limit, more will be refused until usage goes down, the month ends (monthly limits) or the plan is upgraded.'
        }\nChange the plan from the Billing page of the console.\n`,
      };
    default:
      return renderAppointment(template, data, 'email', 'en');
  }
}
