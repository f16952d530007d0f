/**
 * The local stand-in for what IAM does on AWS for tenant-scoped credentials. DynamoDB Local ignores
 * IAM, so this proxy sits in front of it: requests signed with credentials the local STS issued with a
 * `tenantId` session tag must touch only partition keys `TENANT#<id>` (or `TENANT#<id>#…`), exactly
 * the `dynamodb:LeadingKeys` condition of the tenant roles, with the same Null guard (no Scan, no
 * request without keys). Every other request passes through untouched.
 */
import { type IncomingMessage, type Server, createServer, request } from 'node:http';
import { KEY_SEPARATOR, TENANT_PREFIX } from '../../functions/shared/db/keys';
import { TABLE } from '../../functions/shared/db/table';
import type { LocalSts } from './sts';
import { listenLocal } from '../ports';

type AttributeValue = { S?: string };
type KeyMap = Record<string, AttributeValue | undefined>;
interface DynamoRequest {
  Key?: KeyMap;
  Item?: KeyMap;
  IndexName?: string;
  KeyConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, AttributeValue>;
  RequestItems?: Record<string, { Keys?: KeyMap[] } | Array<{ PutRequest?: { Item: KeyMap }; DeleteRequest?: { Key: KeyMap } }>>;
  TransactItems?: Array<Record<string, { Key?: KeyMap; Item?: KeyMap } | undefined>>;
}

const ALLOWED = new Set([
  'GetItem',
  'BatchGetItem',
  'Query',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
  'TransactGetItems',
]);

const partitionKeyOf = (indexName: string | undefined) =>
  Object.values(TABLE.indexes).find((i) => i.name === indexName)?.partitionKey ?? TABLE.partitionKey;

/** The partition key values a request touches, as IAM evaluates dynamodb:LeadingKeys. */
export function leadingKeys(operation: string, body: DynamoRequest): string[] {
  const pk = (item: KeyMap | undefined) => item?.[TABLE.partitionKey]?.S;
  const out: Array<string | undefined> = [];
  switch (operation) {
    case 'GetItem':
    case 'UpdateItem':
    case 'DeleteItem':
      out.push(pk(body.Key));
      break;
    case 'PutItem':
      out.push(pk(body.Item));
      break;
    case 'BatchGetItem':
      for (const entry of Object.values(body.RequestItems ?? {}))
        if (!Array.isArray(entry)) for (const k of entry.Keys ?? []) out.push(pk(k));
      break;
    case 'BatchWriteItem':
      for (const entry of Object.values(body.RequestItems ?? {})) {
        if (Array.isArray(entry)) for (const w of entry) out.push(pk(w.PutRequest?.Item ?? w.DeleteRequest?.Key));
      }
      break;
    case 'TransactWriteItems':
    case 'TransactGetItems':
      for (const t of body.TransactItems ?? []) for (const op of Object.values(t)) out.push(pk(op?.Item ?? op?.Key));
      break;
    case 'Query': {
      const keyName = partitionKeyOf(body.IndexName);
      for (const [, name, value] of (body.KeyConditionExpression ?? '').matchAll(/([#\w]+)\s*=\s*(:\w+)/g)) {
        const resolved = name?.startsWith('#') ? body.ExpressionAttributeNames?.[name] : name;
        if (resolved === keyName && value) out.push(body.ExpressionAttributeValues?.[value]?.S);
      }
      break;
    }
  }
  // A key we cannot read counts as a key outside the tenant.
  return out.map((v) => v ?? '');
}

/** Any salon's audit partition, as the tenant roles' Deny names it (`TENANT#*#AUDIT`). */
const isAuditPartition = (pk: string | undefined) =>
  pk?.startsWith(TENANT_PREFIX) === true && pk.endsWith(`${KEY_SEPARATOR}AUDIT`);

/**
 * The tenant write role's Deny (lib/constructs/tenant-data-roles.ts): no UpdateItem, DeleteItem or
 * BatchWriteItem touching an audit partition, on its own or as an item of a transaction.
 */
export function touchesAuditAsChange(operation: string, body: DynamoRequest): boolean {
  const pk = (item: KeyMap | undefined) => item?.[TABLE.partitionKey]?.S;
  switch (operation) {
    case 'UpdateItem':
    case 'DeleteItem':
      return isAuditPartition(pk(body.Key));
    case 'BatchWriteItem':
      return leadingKeys(operation, body).some(isAuditPartition);
    case 'TransactWriteItems':
      return (body.TransactItems ?? []).some((t) => isAuditPartition(pk(t.Update?.Key)) || isAuditPartition(pk(t.Delete?.Key)));
    default:
      return false;
  }
}

export function isAllowed(operation: string, body: DynamoRequest, tenantId: string): boolean {
  if (!ALLOWED.has(operation)) return false;
  if (touchesAuditAsChange(operation, body)) return false;
  const keys = leadingKeys(operation, body);
  const own = `${TENANT_PREFIX}${tenantId}`;
  return keys.length > 0 && keys.every((k) => k === own || k.startsWith(`${own}${KEY_SEPARATOR}`));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export interface DynamoGuard {
  endpoint: string;
  stop(): Promise<void>;
}

export async function startDynamoGuard(opts: { port: number; upstream: string; sts: LocalSts }): Promise<DynamoGuard> {
  const upstream = new URL(opts.upstream);
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const accessKey = /Credential=([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1];
    const session = accessKey ? opts.sts.session(accessKey) : undefined;
    const tenantId = session?.tags.tenantId;
    if (session) {
      const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      let parsed: DynamoRequest = {};
      try {
        parsed = JSON.parse(body.toString('utf8') || '{}') as DynamoRequest;
      } catch {
        // an unparsable body has no keys, so it is refused below
      }
      if (!tenantId || !isAllowed(operation, parsed, tenantId)) {
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(
          JSON.stringify({
            __type: 'com.amazonaws.dynamodb.v20120810#AccessDeniedException',
            message: `User: arn:aws:sts::000000000000:assumed-role/tenant/${session.sessionName} is not authorized to perform: dynamodb:${operation} (local IAM guard: dynamodb:LeadingKeys must be ${TENANT_PREFIX}${tenantId ?? '?'})`,
          }),
        );
        return;
      }
    }
    const proxied = request(
      {
        hostname: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: { ...req.headers, host: upstream.host },
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    proxied.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    proxied.end(body);
  });
  server.keepAliveTimeout = 5_000;
  await listenLocal(server, opts.port);
  return {
    endpoint: `http://127.0.0.1:${opts.port}`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
