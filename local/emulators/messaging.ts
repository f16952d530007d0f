/**
 * Local message delivery: aws-ses-v2-local (as a library) is the SES v2 endpoint, and a small stand-in
 * speaking End User Messaging's JSON protocol (SendTextMessage; no emulator exists) is the SMS endpoint,
 * so the delivery function runs unchanged against both. Every message either accepts lands as one file
 * in the outbox folder: `To:`, `Subject:` (email), `Channel:`, `Tenant:`, the email headers, then the body,
 * named `<time>_<to>_<messageId>.txt`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { listenLocal, releasePort } from '../ports';

export interface LocalMessaging {
  sesEndpoint: string;
  smsEndpoint: string;
  stop(): Promise<void>;
}

interface StoredEmail {
  messageId: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string | undefined };
  headers?: Array<{ name: string; value: string }> | undefined;
  at: number;
}

export async function startMessaging(opts: { sesPort: number; smsPort: number; outboxDir: string }): Promise<LocalMessaging> {
  mkdirSync(opts.outboxDir, { recursive: true });
  const write = (to: string, ref: string | undefined, lines: string[], body: string) => {
    const [tenantId = 'unknown', messageId = randomUUID()] = (ref ?? '').split('/');
    const safeTo = to.replace(/[^A-Za-z0-9@._+-]/g, '_');
    const file = join(opts.outboxDir, `${new Date().toISOString().replace(/[:.]/g, '-')}_${safeTo}_${messageId}.txt`);
    writeFileSync(file, `To: ${to}\n${lines.join('\n')}\nTenant: ${tenantId}\n\n${body}`);
  };

  // aws-ses-v2-local keeps what it accepts in an in-process store: written out as files as it arrives.
  const sesModule = (await import('aws-ses-v2-local')) as unknown as {
    default: (c: { host: string; port: number }) => Promise<Server>;
  };
  const storeModule = (await import('aws-ses-v2-local/dist/store.js')) as unknown as {
    getStoreReadonly(): { emails: StoredEmail[] };
    clearStore(): void;
  };
  await releasePort(opts.sesPort);
  const ses = await sesModule.default({ host: '127.0.0.1', port: opts.sesPort });
  let seen = storeModule.getStoreReadonly().emails.length;
  const drain = () => {
    const { emails } = storeModule.getStoreReadonly();
    for (const email of emails.slice(seen)) {
      const headers = email.headers ?? [];
      const ref = headers.find((h) => h.name === 'X-Rendezvous-Message')?.value;
      const extra = headers.filter((h) => h.name !== 'X-Rendezvous-Message').map((h) => `${h.name}: ${h.value}`);
      for (const to of email.destination.to) {
        write(to, ref, [`Subject: ${email.subject}`, 'Channel: email', ...extra], email.body.text ?? '');
      }
    }
    seen = emails.length;
  };
  const timer = setInterval(drain, 50);

  const sms = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      res.setHeader('content-type', 'application/x-amz-json-1.0');
      if (!target.endsWith('.SendTextMessage')) {
        res.statusCode = 400;
        res.end(JSON.stringify({ __type: 'ValidationException', message: `Not supported locally: ${target}` }));
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, string>;
      const to = body.DestinationPhoneNumber ?? '';
      if (!/^\+[1-9]\d{6,14}$/.test(to)) {
        res.statusCode = 400;
        res.end(JSON.stringify({ __type: 'ValidationException', message: 'DestinationPhoneNumber must be E.164' }));
        return;
      }
      const messageId = randomUUID();
      // SendTextMessage's Context (echoed in delivery events) names the tenant and message.
      const context = (body as unknown as { Context?: Record<string, string> }).Context ?? {};
      const ref = context.tenantId && context.messageId ? `${context.tenantId}/${context.messageId}` : undefined;
      write(to, ref, ['Channel: sms', `From: ${body.OriginationIdentity ?? ''}`], `${body.MessageBody ?? ''}\n`);
      res.end(JSON.stringify({ MessageId: messageId }));
    });
  });
  await listenLocal(sms, opts.smsPort);

  const url = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    sesEndpoint: url(ses),
    smsEndpoint: url(sms),
    async stop() {
      clearInterval(timer);
      drain();
      storeModule.clearStore();
      // The SDK keeps sockets alive: close them, or close() waits for them.
      await Promise.all(
        [ses, sms].map(
          (s) =>
            new Promise<void>((r) => {
              s.close(() => r());
              s.closeAllConnections();
            }),
        ),
      );
    },
  };
}
