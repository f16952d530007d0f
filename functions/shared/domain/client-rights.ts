/**
 * A client's rights (GDPR access and erasure): the pure rules. Which stored fields are the person's,
 * which messages concern them, and the order of an erasure's resumable phases. No AWS types:
 * repositories/client-rights.ts reads and writes.
 */

/** Appointment fields that are the person's: removed by an erasure (time, service, staff, price stay). */
export const APPOINTMENT_PERSONAL_FIELDS = ['notes', 'pendingClient'] as const;

/** Message fields that are the person's (the address, the rendered data): replaced by an erasure. */
export const ERASED_RECIPIENT = 'erased';

/**
 * An erasure's phases, in order. `start` is the one transaction that takes the client out (its item,
 * email index, booker item and subject key, with the `erase` audit entry); each later phase walks its
 * items a page at a time, every write idempotent, so a run stopped anywhere resumes from the saved cursor.
 */
export const ERASURE_PHASES = ['appointments', 'files', 'messages', 'records', 'done'] as const;
export type ErasurePhase = (typeof ERASURE_PHASES)[number];

export function nextPhase(phase: ErasurePhase): ErasurePhase {
  const i = ERASURE_PHASES.indexOf(phase);
  return ERASURE_PHASES[Math.min(i + 1, ERASURE_PHASES.length - 1)] ?? 'done';
}

/** What an erasure did, in counts: ids and numbers only, never what was erased. */
export interface ErasureCounts {
  appointments: number;
  files: number;
  messages: number;
  records: number;
}

export const NO_COUNTS: ErasureCounts = { appointments: 0, files: 0, messages: 0, records: 0 };

/** How an erasure answers: `erasing` while phases remain (call again to resume), then `erased`. */
export interface ErasureAnswer {
  clientId: string;
  state: 'erasing' | 'erased';
  requestedAt: string;
  erasedAt?: string;
  counts: ErasureCounts;
}

/** A message as far as matching needs it: its id, its client, its recipient in plain. */
export interface MessageFacts {
  messageId: string;
  clientId?: string | undefined;
  to?: string | undefined;
}

/**
 * The appointment a message is about, when its id says (messages about an appointment have the
 * deterministic id `<appointmentId>-<change>[-staff]`, so a staff copy naming the client is found too).
 */
export function appointmentOfMessage(messageId: string): string | undefined {
  const m = /^([0-9A-HJKMNP-TV-Z]{26})-/.exec(messageId);
  return m?.[1];
}

/**
 * Whether a message concerns the person: addressed to their client id, about one of their appointments,
 * or sent to one of their addresses (a confirmation email before they were linked carries no client id).
 */
export function messageConcerns(
  message: MessageFacts,
  subject: { clientId: string; appointmentIds: ReadonlySet<string>; contacts: ReadonlySet<string> },
): boolean {
  if (message.clientId === subject.clientId) return true;
  const appointmentId = appointmentOfMessage(message.messageId);
  if (appointmentId !== undefined && subject.appointmentIds.has(appointmentId)) return true;
  return message.to !== undefined && subject.contacts.has(message.to.trim().toLowerCase());
}

/** The contacts a message's recipient is compared with, normalized as `messageConcerns` compares them. */
export const contactSet = (values: ReadonlyArray<string | undefined>): Set<string> =>
  new Set(values.filter((v): v is string => typeof v === 'string' && v.length > 0).map((v) => v.trim().toLowerCase()));

/** An idempotency record's stored answer that names the client (a create's replay would hand their data back). */
export const recordNames = (body: string, clientId: string): boolean => body.includes(`"${clientId}"`);
