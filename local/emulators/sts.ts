/**
 * A local stand-in for AWS STS (awsQuery protocol), so tenant-route handlers run the same token-vending
 * code path as on AWS: AssumeRole with a `tenantId` session tag returns short-lived credentials. The
 * stand-in remembers which tags each issued access key carries, so a local guard can tell which tenant
 * a request to DynamoDB acts for.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { type IncomingMessage, type Server, createServer } from 'node:http';
import { listenLocal } from '../ports';

export interface IssuedSession {
  roleArn: string;
  sessionName: string;
  tags: Record<string, string>;
  expiresAt: number;
}

export interface LocalSts {
  endpoint: string;
  /** The session behind an access key this stand-in issued, if any. */
  session(accessKeyId: string): IssuedSession | undefined;
  stop(): Promise<void>;
}

const xml = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

function fault(code: string, message: string): string {
  return `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xml(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export async function startSts(opts: { port: number }): Promise<LocalSts> {
  const sessions = new Map<string, IssuedSession>();
  const server: Server = createServer(async (req, res) => {
    const form = await readForm(req);
    const send = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'text/xml' });
      res.end(body);
    };
    if (form.get('Action') !== 'AssumeRole')
      return send(400, fault('InvalidAction', `${form.get('Action')} is not supported locally`));
    const roleArn = form.get('RoleArn') ?? '';
    const sessionName = form.get('RoleSessionName') ?? '';
    if (!/^arn:aws:iam::\d{12}:role\/.+/.test(roleArn) || !/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
      return send(400, fault('ValidationError', 'RoleArn and RoleSessionName are required and well-formed'));
    }
    const tags: Record<string, string> = {};
    for (let i = 1; form.has(`Tags.member.${i}.Key`); i++)
      tags[form.get(`Tags.member.${i}.Key`) ?? ''] = form.get(`Tags.member.${i}.Value`) ?? '';
    const duration = Number(form.get('DurationSeconds') ?? 3600);
    if (!Number.isInteger(duration) || duration < 900 || duration > 43_200) {
      return send(400, fault('ValidationError', 'DurationSeconds must be between 900 and 43200'));
    }
    const accessKeyId = `ASIA${randomBytes(8).toString('hex').toUpperCase()}`;
    const expiresAt = Date.now() + duration * 1000;
    sessions.set(accessKeyId, { roleArn, sessionName, tags, expiresAt });
    const roleName = roleArn.split('/').pop() ?? 'role';
    send(
      200,
      `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>${accessKeyId}</AccessKeyId><SecretAccessKey>${randomBytes(20).toString('base64')}</SecretAccessKey><SessionToken>${randomBytes(32).toString('base64')}</SessionToken><Expiration>${new Date(expiresAt).toISOString()}</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROALOCAL:${xml(sessionName)}</AssumedRoleId><Arn>arn:aws:sts::000000000000:assumed-role/${xml(roleName)}/${xml(sessionName)}</Arn></AssumedRoleUser><PackedPolicySize>${Object.keys(tags).length}</PackedPolicySize></AssumeRoleResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></AssumeRoleResponse>`,
    );
  });
  await listenLocal(server, opts.port);
  return {
    endpoint: `http://127.0.0.1:${opts.port}`,
    session: (accessKeyId) => {
      const s = sessions.get(accessKeyId);
      return s && s.expiresAt > Date.now() ? s : undefined;
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
