/**
 * The online booker's manage link, as the booking page reads it (web/src/book/BookingPage.tsx:
 * `/book/<slug>/bookings/<id>#manage=<token>`). The token rides in the fragment, which browsers never
 * send to a server. Messages after the booking's answer cannot reuse the booking's token (it is stored
 * only hashed), so each one issues a fresh token whose hash joins the appointment's `manageTokenHashes`
 * in the transaction that queues the message; the plaintext lives only in that outbox item, blanked once sent.
 */
import { randomBytes } from 'node:crypto';
import { appConfig } from '../config';

export const newManageToken = () => randomBytes(32).toString('base64url');

export const manageUrl = (slug: string, appointmentId: string, token: string) =>
  `${appConfig().appUrl}/book/${encodeURIComponent(slug)}/bookings/${appointmentId}#manage=${token}`;
