import { describe, expect, it } from 'vitest';
import {
  ERASURE_PHASES,
  type ErasurePhase,
  appointmentOfMessage,
  contactSet,
  messageConcerns,
  nextPhase,
  recordNames,
} from '../../../functions/shared/domain/client-rights';

const APPT = '01JABCDEFGHJKMNPQRSTVWXYZ0';
const OTHER = '01JZZZZZZZZZZZZZZZZZZZZZZ1';

describe("a client's rights: pure rules", () => {
  it('phases run in order and stay done', () => {
    expect(ERASURE_PHASES[0]).toBe('appointments');
    const seen: ErasurePhase[] = ['appointments'];
    while (seen.at(-1) !== 'done') seen.push(nextPhase(seen.at(-1) ?? 'done'));
    expect(seen).toEqual([...ERASURE_PHASES]);
    expect(nextPhase('done')).toBe('done');
  });

  it("a message about one of the person's appointments is found by its deterministic id (staff copies too)", () => {
    expect(appointmentOfMessage(`${APPT}-booked`)).toBe(APPT);
    expect(appointmentOfMessage(`${APPT}-cancelled-staff`)).toBe(APPT);
    expect(appointmentOfMessage('01JABCDEFGHJKMNPQRSTVWXYZ0')).toBeUndefined();
    expect(appointmentOfMessage('welcome-1')).toBeUndefined();
  });

  it('a message concerns the person by client id, by appointment, or by address; not otherwise', () => {
    const subject = {
      clientId: 'C',
      appointmentIds: new Set([APPT]),
      contacts: contactSet(['Ada@Example.test', undefined, '+33600000000']),
    };
    expect(messageConcerns({ messageId: 'm1', clientId: 'C' }, subject)).toBe(true);
    expect(messageConcerns({ messageId: `${APPT}-booked-staff`, to: 'staff@salon.test' }, subject)).toBe(true);
    expect(messageConcerns({ messageId: 'm2', to: ' ada@example.TEST ' }, subject)).toBe(true);
    expect(messageConcerns({ messageId: 'm3', to: '+33600000000' }, subject)).toBe(true);
    expect(messageConcerns({ messageId: `${OTHER}-booked`, clientId: 'D', to: 'bob@example.test' }, subject)).toBe(false);
    expect(messageConcerns({ messageId: 'm4' }, subject)).toBe(false);
  });

  it('an idempotency record names the client by its id as a JSON value only', () => {
    expect(recordNames(JSON.stringify({ clientId: 'C1', name: 'Ada' }), 'C1')).toBe(true);
    expect(recordNames(JSON.stringify({ clientId: 'C12' }), 'C1')).toBe(false);
  });
});
