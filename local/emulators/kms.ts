/**
 * A local stand-in for AWS KMS speaking its JSON 1.1 wire protocol (no emulator exists on npm or
 * Debian). Enough for `@aws-sdk/client-kms` to run unchanged: GenerateDataKey, Encrypt, Decrypt and
 * DescribeKey, with encryption context bound as AES-GCM additional data like the real service.
 *
 * It also stands in for the tenant roles' KMS policy, as the DynamoDB guard does for LeadingKeys: a
 * request signed with credentials the local STS issued with a `tenantId` session tag may only call
 * Decrypt and GenerateDataKey, and only with EncryptionContext.tenantId equal to that tag
 * (`kms:EncryptionContext:tenantId` = `${aws:PrincipalTag/tenantId}`, lib/constructs/tenant-data-roles.ts);
 * anything else is AccessDeniedException; a session of the tenant read role may only Decrypt (on AWS it
 * has no GenerateDataKey). Requests with other credentials (platform roles) pass.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { type IncomingMessage, type Server, createServer } from 'node:http';
import { dirname } from 'node:path';
import { listenLocal } from '../ports';

const MAGIC = Buffer.from('RDVK1');

class KmsError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

function aad(context: unknown): Buffer {
  const entries = Object.entries((context ?? {}) as Record<string, string>).sort(([a], [b]) => (a < b ? -1 : 1));
  return Buffer.from(JSON.stringify(entries));
}

export interface LocalKms {
  endpoint: string;
  keyId: string;
  keyArn: string;
  stop(): Promise<void>;
}

export type TenantSessionKind = 'read' | 'write';

/** The operations a tenant session may call, by role (the tenant roles' DATA_KEY_ACTIONS). */
export const TENANT_KMS_OPERATIONS: Readonly<Record<TenantSessionKind, ReadonlySet<string>>> = {
  read: new Set(['Decrypt']),
  write: new Set(['Decrypt', 'GenerateDataKey']),
};

/** A session the local STS issued: its tags and which tenant role it is of. */
export interface TenantSession {
  tags: Readonly<Record<string, string>>;
  kind: TenantSessionKind;
}

/** Whether a tenant session may make this request: its role's KMS statement. */
export function tenantMayCall(operation: string, request: Record<string, unknown>, session: TenantSession): boolean {
  const tenantId = session.tags.tenantId;
  const context = request.EncryptionContext as Record<string, unknown> | undefined;
  return Boolean(tenantId) && TENANT_KMS_OPERATIONS[session.kind].has(operation) && context?.tenantId === tenantId;
}

export async function startKms(opts: {
  port: number;
  keyFile: string | undefined;
  /** The tenant session behind an access key the local STS issued (undefined for other credentials). */
  tenantSession?: (accessKeyId: string) => TenantSession | undefined;
}): Promise<LocalKms> {
  let master: Buffer;
  if (opts.keyFile && existsSync(opts.keyFile)) {
    master = readFileSync(opts.keyFile);
  } else {
    master = randomBytes(32);
    if (opts.keyFile) {
      mkdirSync(dirname(opts.keyFile), { recursive: true });
      writeFileSync(opts.keyFile, master, { mode: 0o600 });
    }
  }
  const keyId = '00000000-0000-4000-8000-00000000a11c';
  const keyArn = `arn:aws:kms:local:000000000000:key/${keyId}`;

  const knownKey = (id: unknown) => {
    if (id !== undefined && id !== keyId && id !== keyArn && id !== 'alias/rendezvous') {
      throw new KmsError('NotFoundException', `Key '${String(id)}' does not exist`);
    }
  };
  const encrypt = (plaintext: Buffer, context: unknown): string => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', master, iv).setAAD(aad(context));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([MAGIC, iv, cipher.getAuthTag(), body]).toString('base64');
  };
  const decrypt = (blob: string, context: unknown): Buffer => {
    const raw = Buffer.from(blob, 'base64');
    if (raw.length < MAGIC.length + 28 || !raw.subarray(0, MAGIC.length).equals(MAGIC)) {
      throw new KmsError('InvalidCiphertextException', 'The ciphertext is invalid');
    }
    const iv = raw.subarray(MAGIC.length, MAGIC.length + 12);
    const tag = raw.subarray(MAGIC.length + 12, MAGIC.length + 28);
    try {
      const decipher = createDecipheriv('aes-256-gcm', master, iv).setAAD(aad(context)).setAuthTag(tag);
      return Buffer.concat([decipher.update(raw.subarray(MAGIC.length + 28)), decipher.final()]);
    } catch {
      // Wrong key or encryption context: KMS says the same thing for both.
      throw new KmsError('InvalidCiphertextException', 'The ciphertext or encryption context is invalid');
    }
  };

  const operations: Record<string, (req: Record<string, unknown>) => unknown> = {
    GenerateDataKey: (req) => {
      knownKey(req.KeyId);
      const bytes = req.KeySpec === 'AES_128' ? 16 : Number(req.NumberOfBytes ?? 32);
      const plaintext = randomBytes(bytes);
      return {
        KeyId: keyArn,
        Plaintext: plaintext.toString('base64'),
        CiphertextBlob: encrypt(plaintext, req.EncryptionContext),
      };
    },
    Encrypt: (req) => {
      knownKey(req.KeyId);
      return {
        KeyId: keyArn,
        EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
        CiphertextBlob: encrypt(Buffer.from(String(req.Plaintext), 'base64'), req.EncryptionContext),
      };
    },
    Decrypt: (req) => {
      knownKey(req.KeyId);
      const plaintext = decrypt(String(req.CiphertextBlob), req.EncryptionContext);
      return { KeyId: keyArn, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT', Plaintext: plaintext.toString('base64') };
    },
    DescribeKey: (req) => {
      knownKey(req.KeyId);
      return { KeyMetadata: { KeyId: keyId, Arn: keyArn, Enabled: true, KeyState: 'Enabled', KeyUsage: 'ENCRYPT_DECRYPT' } };
    },
  };

  const readBody = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  };

  const server: Server = createServer(async (req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(body));
    };
    try {
      const op = String(req.headers['x-amz-target'] ?? '').replace('TrentService.', '');
      const handler = operations[op];
      if (!handler) throw new KmsError('UnsupportedOperationException', `${op} is not supported locally`);
      const request = JSON.parse((await readBody(req)) || '{}') as Record<string, unknown>;
      const accessKey = /Credential=([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1];
      const session = accessKey ? opts.tenantSession?.(accessKey) : undefined;
      if (session && !tenantMayCall(op, request, session)) {
        const tenantId = session.tags.tenantId ?? '?';
        throw new KmsError(
          'AccessDeniedException',
          `User: arn:aws:sts::000000000000:assumed-role/tenant-${session.kind}/tenant-${tenantId} is not authorized to perform: kms:${op} (local IAM: the ${session.kind} role may call ${[...TENANT_KMS_OPERATIONS[session.kind]].join(', ')} with kms:EncryptionContext:tenantId ${tenantId})`,
        );
      }
      send(200, handler(request));
    } catch (err) {
      if (err instanceof KmsError) send(400, { __type: err.type, message: err.message });
      else send(500, { __type: 'KMSInternalException', message: 'Local KMS failed' });
    }
  });
  await listenLocal(server, opts.port);
  return {
    endpoint: `http://127.0.0.1:${opts.port}`,
    keyId,
    keyArn,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
