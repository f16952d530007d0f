import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { renderOpenApi } from '../../docs/openapi';
import { renderReference } from '../../docs/render-reference';
import { routeList } from '../../functions/routes';

const root = join(import.meta.dirname, '../..');
// biome-ignore lint/suspicious/noExplicitAny: a parsed JSON document, read field by field by the assertions
type Json = Record<string, any>;

describe('docs/reference.md', () => {
  it('matches the route table, RBAC matrix and plans (run `npm run docs` after changing them)', () => {
    const committed = readFileSync(join(root, 'docs/reference.md'), 'utf8');
    expect(committed).toBe(renderReference());
  });
});

describe('docs/openapi.json', () => {
  const committed = readFileSync(join(root, 'docs/openapi.json'), 'utf8');
  const doc = JSON.parse(committed) as Json;
  const opOf = (r: (typeof routeList)[number]) => doc.paths[r.path]?.[r.method.toLowerCase()] as Json;

  it('matches the route table, the handlers’ schemas and functions/http/contract.ts (run `npm run docs`)', async () => {
    expect(committed).toBe(await renderOpenApi());
  }, 60_000);

  it('is what GET /v1/openapi.json bundles (functions/http/openapi/document.ts, packed by `npm run docs`)', async () => {
    const { OPENAPI_GZIP_BASE64 } = await import('../../functions/http/openapi/document');
    // Compared unpacked: gzip's bytes may differ between zlib versions, the document may not.
    expect(gunzipSync(Buffer.from(OPENAPI_GZIP_BASE64, 'base64')).toString('utf8')).toBe(JSON.stringify(doc));
  });

  it('passes `redocly lint` with redocly.yaml, offline (no telemetry, no update check)', async () => {
    const run = promisify(execFile);
    const { stdout, stderr } = await run(
      process.execPath,
      [join(root, 'node_modules/@redocly/cli/bin/cli.js'), 'lint', '--config', 'redocly.yaml', 'docs/openapi.json'],
      { cwd: root, env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', CI: 'true' } },
    );
    expect(`${stdout}${stderr}`).toContain('Your API description is valid');
  }, 60_000);

  it('has one operation per route, with its permission, auth and tag', () => {
    for (const r of routeList) {
      const op = opOf(r);
      expect(op, r.id).toBeDefined();
      expect(op.operationId).toBe(r.id);
      expect(op['x-permission']).toBe(r.permission);
      expect(op.description).toContain(`Permission: \`${r.permission}\``);
      expect(op.security).toEqual(r.auth === 'public' ? [] : [{ cognito: [] }]);
    }
    const operations = Object.values(doc.paths as Json).flatMap((item) => Object.keys(item as Json));
    expect(operations).toHaveLength(routeList.length);
    expect(doc.components.securitySchemes.cognito).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  });

  it('answers every error with the one shared envelope, and 429/503 with Retry-After', () => {
    for (const r of routeList) {
      for (const [status, response] of Object.entries(opOf(r).responses as Json)) {
        if (status.startsWith('2') || status.startsWith('3') || (r.id === 'getHealth' && status === '503')) continue;
        expect(response.$ref, `${r.id} ${status}`).toMatch(/^#\/components\/responses\//);
        const target = doc.components.responses[String(response.$ref).split('/').at(-1) as string];
        expect(target.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
        if (status === '429' || status === '503') expect(target.headers['Retry-After'], `${r.id} ${status}`).toBeDefined();
      }
    }
    expect(
      opOf(routeList.find((r) => r.id === 'getHealth') as (typeof routeList)[number]).responses['503'].headers,
    ).toHaveProperty('Retry-After');
    expect(doc.components.schemas.Error).toMatchObject({
      required: ['error', 'requestId'],
      additionalProperties: false,
      properties: { error: { required: ['code', 'message'], additionalProperties: false } },
    });
  });

  it('names Idempotency-Key exactly on the routes whose handler uses idempotentCreate', () => {
    for (const r of routeList) {
      const honoured = readFileSync(join(root, r.handler), 'utf8').includes('idempotentCreate(');
      const named = ((opOf(r).parameters ?? []) as Json[]).some((p) => p.$ref === '#/components/parameters/IdempotencyKey');
      expect(named, r.id).toBe(honoured);
    }
    expect(
      routeList.filter((r) => opOf(r).parameters?.some((p: Json) => p.$ref?.endsWith('IdempotencyKey'))).map((r) => r.id),
    ).toEqual(
      expect.arrayContaining(['createClient', 'createService', 'createStaff', 'createAppointment', 'createPublicBooking']),
    );
  });

  it('pages the paged routes: limit and cursor in, {items, nextCursor} out (filtered lists add `partial`)', () => {
    const paged = routeList.filter((r) => r.paged);
    expect(paged.length).toBeGreaterThan(5);
    for (const r of paged) {
      const op = opOf(r);
      const names = (op.parameters as Json[]).map((p) => p.name);
      expect(names, r.id).toEqual(expect.arrayContaining(['limit', 'cursor']));
      const schema = op.responses['200'].content['application/json'].schema;
      const filtered = ['listAuditLog', 'listAppointments', 'listInvitations', 'listFiles'].includes(r.id);
      expect(schema.required, r.id).toEqual(filtered ? ['items', 'nextCursor', 'partial'] : ['items', 'nextCursor']);
      expect(schema.properties.nextCursor).toEqual({ type: ['string', 'null'] });
      if (filtered) expect(schema.properties.partial, r.id).toEqual({ type: 'boolean' });
    }
  });

  it('describes requests with the schemas the handlers validate with', async () => {
    const { schemas } = await import('../../functions/http/clients/create-client');
    const body = opOf(routeList.find((r) => r.id === 'createClient') as (typeof routeList)[number]).requestBody;
    expect(body.required).toBe(true);
    expect(body.content['application/json'].schema).toMatchObject({ required: ['name'], additionalProperties: false });
    expect(schemas.body.safeParse({ name: 'Ada', extra: 1 }).success).toBe(false);
  }, 30_000);
});
