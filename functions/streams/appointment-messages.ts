/**
 * Stream consumer: the client's immediate messages, queued from the appointment's own change record,
 * so no booking path (staff, online, a future import) can forget them:
 * - booked: an INSERT that is scheduled or confirmed, or a pending hold becoming scheduled (confirmed online);
 * - rescheduled: an open appointment whose start moved;
 * - cancelled: an open appointment (scheduled or confirmed) becoming cancelled.
 * Each message id is derived from the appointment and the change, and queued with a conditional put,
 * so a redelivered record queues nothing twice. Channel: email when the client has an address, else SMS
 * when they have a phone; the deliverer checks the client's preferences again at send time.
 * With the salon's `staffCopies` setting, the staff member gets a copy by email when they are a member
 * (their staff record names the user, whose membership has the address).
 */
import type { FieldCipher } from '../shared/crypto/fields';
import { keyring, createFirstKey } from '../shared/crypto/keyring';
import { clientField, clientKeyVersions } from '../shared/entities/client';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { documentClient, tableName } from '../shared/db/client';
import { appointmentKey, clientKey, serviceKey, staffKey, TENANT_PREFIX, tenantMetaKey } from '../shared/db/keys';
import { membershipKey, toMember } from '../shared/entities/membership';
import { salonName, salonSettings, salonSlug } from '../shared/entities/salon';
import { staffUserOf } from '../shared/entities/staff';
import type { TenantSettings } from '../shared/domain/tenant';
import { step, transact } from '../shared/db/transact';
import { type Item, optStr, str } from '../shared/entities/codec';
import { smsNumber } from '../shared/domain/phone';
import { logger } from '../shared/logger';
import { manageUrl, newManageToken } from '../shared/mail/manage-link';
import { type MessageLocale, type MessageTemplate, queueMessage } from '../shared/entities/outbox';
import { manageTokenHashAdded } from '../shared/entities/appointment';
import { STREAM_CONSUMERS } from './consumers';
import { eachRecord } from './stream-batch';
import { streamImage } from './stream-image';

export const filters = STREAM_CONSUMERS.appointmentMessages.filters;

const OPEN = new Set(['scheduled', 'confirmed']);

export interface AppointmentChange {
  template: Extract<MessageTemplate, 'appointment-booked' | 'appointment-rescheduled' | 'appointment-cancelled'>;
  /** Part of the message id: one message per appointment and change. */
  discriminator: string;
  previousStart?: string;
}

/** Which message a change calls for, if any (pure: the tests drive it with images). */
export function messageFor(oldImage: Item | undefined, newImage: Item): AppointmentChange | undefined {
  const status = optStr(newImage, 'status');
  const before = oldImage ? optStr(oldImage, 'status') : undefined;
  const start = str(newImage, 'appointment', 'start');
  if (!status) return undefined;
  if (!oldImage) return OPEN.has(status) ? { template: 'appointment-booked', discriminator: 'booked' } : undefined;
  if (before === 'pending' && OPEN.has(status)) return { template: 'appointment-booked', discriminator: 'booked' };
  if (before && OPEN.has(before) && status === 'cancelled')
    return { template: 'appointment-cancelled', discriminator: 'cancelled' };
  const previousStart = optStr(oldImage, 'start');
  if (OPEN.has(status) && previousStart && previousStart !== start) {
    return { template: 'appointment-rescheduled', discriminator: `moved-${Date.parse(start)}`, previousStart };
  }
  return undefined;
}

export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  return eachRecord(event, 'appointmentMessages', async (record) => {
    await queueFor(record);
    return true;
  });
}

const image = streamImage;

async function queueFor(record: DynamoDBRecord): Promise<void> {
  const newImage = image(record.dynamodb?.NewImage);
  if (newImage?.entity !== 'appointment') return;
  const change = messageFor(image(record.dynamodb?.OldImage), newImage);
  if (!change) return;
  const pk = str(newImage, 'appointment', 'PK');
  if (!pk.startsWith(TENANT_PREFIX)) return;
  const tenantId = pk.slice(TENANT_PREFIX.length);
  const appointmentId = str(newImage, 'appointment', 'appointmentId');
  const get = async (key: { PK: string; SK: string }) =>
    (await documentClient().send(new GetCommand({ TableName: tableName(), Key: key }))).Item;
  const [tenant, service, staff, client] = await Promise.all([
    get(tenantMetaKey(tenantId)),
    get(serviceKey(tenantId, str(newImage, 'appointment', 'serviceId'))),
    get(staffKey(tenantId, str(newImage, 'appointment', 'staffId'))),
    get(clientKey(tenantId, str(newImage, 'appointment', 'clientId'))),
  ]);
  if (!tenant) return; // The salon is gone: nobody to tell.
  const settings = salonSettings(tenant);
  // Client fields are stored encrypted under the salon's data key (entities/client.ts), and so is every
  // recipient queued here (a salon from before data keys gets one now: create).
  const cipher = await keyring().cipherFor(tenantId, {
    create: createFirstKey,
    versions: clientKeyVersions(client ? [client] : []),
  });
  if (settings.staffCopies && staff)
    await queueStaffCopy(tenantId, appointmentId, change, newImage, { tenant, settings, service, staff, client, cipher });
  if (!client) return; // The client is gone: nobody to tell.
  const email = clientField(client, cipher, 'email');
  const to = email ?? smsNumber(clientField(client, cipher, 'phone'), settings.locale);
  if (!to) return;
  const locale = localeOf(settings);
  // An online booker gets a working manage link in every message that shows one: a fresh token (see
  // mail/manage-link.ts), valid once the transaction that queues the message commits.
  const token = newImage.source === 'online' && change.template !== 'appointment-cancelled' ? newManageToken() : undefined;
  const put = queueMessage(
    tableName(),
    tenantId,
    cipher,
    {
      channel: email ? 'email' : 'sms',
      template: change.template,
      to,
      locale,
      clientId: str(client, 'client', 'clientId'),
      data: {
        salonName: salonName(tenant),
        salonAddress: settings.address ?? '',
        serviceName: service ? str(service, 'service', 'name') : '',
        staffName: staff ? str(staff, 'staff', 'name') : '',
        start: str(newImage, 'appointment', 'start'),
        timezone: settings.timezone,
        manageUrl: token ? manageUrl(salonSlug(tenant), appointmentId, token) : '',
        ...(change.previousStart ? { previousStart: change.previousStart } : {}),
      },
    },
    new Date().toISOString(),
    { messageId: `${appointmentId}-${change.discriminator}`, ...(token ? { blankAfterSend: true } : {}) },
  );
  const skipped = (why: string) => logger.debug(why, { tenantId, appointmentId, template: change.template });
  const clientStill = stillThere(tenantId, str(client, 'client', 'clientId'));
  if (!token) {
    try {
      // The client still there when it is queued: an erasure that came in between leaves no address behind.
      await transact(
        documentClient(),
        [step('message', put, () => new Skip('Appointment message already queued')), clientStill],
        {
          answerFirst: ['message', 'client'],
        },
      );
    } catch (err) {
      if (!(err instanceof Skip)) throw err;
      skipped(err.message);
    }
    return;
  }
  try {
    // One transaction: a redelivered record fails the message's put, so it adds no second hash either.
    await transact(
      documentClient(),
      [
        step('message', put, () => new Skip('Appointment message already queued')),
        clientStill,
        manageTokenHashAdded(
          tableName(),
          appointmentKey(tenantId, appointmentId),
          token,
          () => new Skip('Appointment gone before its message was queued'),
          { expression: 'attribute_exists(PK)' },
        ),
      ],
      { answerFirst: ['message', 'client', 'appointment'] },
    );
  } catch (err) {
    if (!(err instanceof Skip)) throw err;
    skipped(err.message);
  }
}

class Skip extends Error {}

const localeOf = (settings: TenantSettings): MessageLocale => (settings.locale.toLowerCase().startsWith('fr') ? 'fr' : 'en');

async function queueStaffCopy(
  tenantId: string,
  appointmentId: string,
  change: AppointmentChange,
  appointment: Item,
  r: {
    tenant: Item;
    settings: TenantSettings;
    service: Item | undefined;
    staff: Item;
    client: Item | undefined;
    cipher: FieldCipher;
  },
): Promise<void> {
  const userId = staffUserOf(r.staff);
  if (!userId) return; // Not a member: no address to send to.
  const member = (await documentClient().send(new GetCommand({ TableName: tableName(), Key: membershipKey(tenantId, userId) })))
    .Item;
  if (!member) return;
  const put = queueMessage(
    tableName(),
    tenantId,
    r.cipher,
    {
      channel: 'email',
      template: 'staff-copy',
      to: toMember(member).email,
      locale: localeOf(r.settings),
      data: {
        change: change.discriminator === 'booked' ? 'booked' : change.discriminator === 'cancelled' ? 'cancelled' : 'rescheduled',
        salonName: salonName(r.tenant),
        serviceName: r.service ? str(r.service, 'service', 'name') : '',
        clientName: r.client ? str(r.client, 'client', 'name') : '',
        start: str(appointment, 'appointment', 'start'),
        timezone: r.settings.timezone,
        ...(change.previousStart ? { previousStart: change.previousStart } : {}),
      },
    },
    new Date().toISOString(),
    { messageId: `${appointmentId}-${change.discriminator}-staff` },
  );
  try {
    // With the client's name in it: queued only while the client is there (an erasure may come in between).
    await transact(documentClient(), [
      step('message', put, () => new Skip('Staff copy already queued')),
      ...(r.client ? [stillThere(tenantId, str(r.client, 'client', 'clientId'))] : []),
    ]);
  } catch (err) {
    if (!(err instanceof Skip)) throw err;
  }
}

/** The client item still exists (erased or deleted since it was read: the message is not queued). */
const stillThere = (tenantId: string, clientId: string) =>
  step(
    'client',
    {
      ConditionCheck: { TableName: tableName(), Key: clientKey(tenantId, clientId), ConditionExpression: 'attribute_exists(PK)' },
    },
    () => new Skip('Client gone before its message was queued'),
  );
