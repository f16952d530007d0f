/** Email texts, rendered from the outbox item's template name and data. Plain text, short. */
import type { EmailTemplate } from '../repositories/outbox';

export interface RenderedEmail {
  subject: string;
  text: string;
}

export function renderEmail(template: EmailTemplate, data: Record<string, string>): RenderedEmail {
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
        text: `You booked an appointment at "${data.salonName}" starting ${data.start}.\n\nConfirm it here: ${data.confirmUrl}\n\nUntil you confirm, the time is only held for you, until ${data.holdExpiresAt}; after that it is released.\nIf you did not book this, ignore this email.\n`,
      };
    // Data: salonName, salonAddress, serviceName, staffName, start (ISO with offset), timezone, manageUrl ('' if none).
    case 'reminder':
      return {
        subject: `Reminder: ${data.serviceName} at ${data.salonName}`,
        text: `Your appointment at "${data.salonName}" (${data.salonAddress}) starts ${data.start} (${data.timezone}).\n${data.serviceName} with ${data.staffName}.\n${data.manageUrl ? `\nManage it here: ${data.manageUrl}\n` : ''}`,
      };
  }
}
