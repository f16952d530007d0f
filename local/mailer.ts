/**
 * Local email delivery: drains the outbox into readable files under `.data/outbox/`, one per email,
 * named by time and recipient, so a developer can open the invitation link a real inbox would get.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deliverQueued } from '../functions/shared/mail/deliver';

export function startLocalMailer(outboxDir: string, intervalMs = 300): { stop(): Promise<void> } {
  mkdirSync(outboxDir, { recursive: true });
  let running = true;
  let current: Promise<unknown> = Promise.resolve();
  const tick = async () => {
    if (!running) return;
    current = deliverQueued(async (email) => {
      const safeTo = email.to.replace(/[^A-Za-z0-9@._-]/g, '_');
      const file = join(outboxDir, `${email.createdAt.replace(/[:.]/g, '-')}_${safeTo}_${email.messageId}.txt`);
      writeFileSync(file, `To: ${email.to}\nSubject: ${email.subject}\nTenant: ${email.tenantId}\n\n${email.text}`);
    }).catch((err) => console.error('[mailer] delivery failed:', err));
    await current;
    if (running) timer = setTimeout(tick, intervalMs);
  };
  let timer = setTimeout(tick, intervalMs);
  return {
    async stop() {
      running = false;
      clearTimeout(timer);
      await current;
    },
  };
}
