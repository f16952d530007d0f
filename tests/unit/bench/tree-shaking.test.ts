/**
 * What a function's bundle leaves out, built as CDK builds it: a route bundles only the schemas,
 * configuration sections and repository code it reaches. Each case names code that once landed in
 * bundles that never run it (see `npm run bench` for the sizes).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { esbuildFunctionOptions } from '../../../bench/lib/esbuild-options';
import { routes } from '../../../functions/routes';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const subjects = [
  'createTenant',
  'getTenant',
  'getAppointment',
  'getAvailability',
  'cancelPublicBooking',
  'updateAppointment',
  'getOpenApi',
  'receiveStripeEvent',
  'createCheckoutSession',
] as const;
type Subject = (typeof subjects)[number];

interface Bundle {
  text: string;
  /** Bytes each input file left in the output. */
  bytesOf: (input: string) => number;
}

const bundles = new Map<Subject, Bundle>();

beforeAll(async () => {
  const { metafile, outputFiles } = await build({
    ...esbuildFunctionOptions(),
    bundle: true,
    metafile: true,
    write: false,
    entryPoints: Object.fromEntries(subjects.map((id) => [id, routes[id].handler])),
    outdir: 'out',
    absWorkingDir: repoRoot,
    logLevel: 'silent',
  });
  for (const id of subjects) {
    const [outPath, output] = Object.entries(metafile.outputs).find(([p]) => path.basename(p, '.js') === id) ?? [];
    const file = outputFiles.find((f) => f.path === path.resolve(repoRoot, outPath ?? ''));
    if (!output || !file) throw new Error(`no bundle for ${id}`);
    const inputs = Object.entries(output.inputs);
    bundles.set(id, {
      text: file.text,
      bytesOf: (input) => inputs.filter(([p]) => p.includes(input)).reduce((sum, [, i]) => sum + i.bytesInOutput, 0),
    });
  }
}, 60_000);

const bundle = (id: Subject) => bundles.get(id) as Bundle;

describe('function bundles', () => {
  it('hold the schemas of their own route and not their neighbours’', () => {
    expect(bundle('createTenant').text).toContain('This slug is reserved.');
    expect(bundle('createTenant').text).not.toContain('Use a hex colour');
    expect(bundle('getAvailability').text).toContain('No such date.');
    expect(bundle('getAvailability').text).not.toContain('Change the status and the time');
    // The paging query (a pipe and a transform) belongs to list routes only.
    expect(bundle('getAppointment').text).not.toContain('Use a whole number from 1 to');
  });

  it('hold only the configuration sections they read', () => {
    expect(bundle('getTenant').text).toContain('TABLE_NAME');
    expect(bundle('getTenant').text).not.toContain('STRIPE_SECRET_KEY');
  });

  it('bundle the id maker only where ids are made, no ulid package, and the raw-body reader only in the webhook', () => {
    const ids = 'functions/shared/repositories/ids.ts';
    expect(bundle('createTenant').bytesOf(ids)).toBeGreaterThan(0);
    expect(bundle('createTenant').bytesOf('node_modules/ulid/')).toBe(0);
    expect(bundle('getAppointment').bytesOf(ids)).toBe(0);
    expect(bundle('getTenant').bytesOf('functions/shared/middleware/raw-body.ts')).toBe(0);
  });

  it('leave the schedule checks of a move out of the online cancellation', () => {
    const availability = 'functions/shared/domain/availability.ts';
    expect(bundle('updateAppointment').bytesOf(availability)).toBeGreaterThan(1000);
    expect(bundle('updateAppointment').text).toContain('The staff member is off then.');
    // At most the module's two numeric constants, which esbuild keeps.
    expect(bundle('cancelPublicBooking').bytesOf(availability)).toBeLessThan(100);
    expect(bundle('cancelPublicBooking').text).not.toContain('The staff member is off then.');
  });

  it('leave the Stripe SDK out of the webhook, which only checks a signature, and keep it where the API is called', () => {
    expect(bundle('receiveStripeEvent').bytesOf('node_modules/stripe/')).toBe(0);
    expect(bundle('receiveStripeEvent').bytesOf('functions/shared/billing/stripe-signature.ts')).toBeGreaterThan(0);
    expect(bundle('createCheckoutSession').bytesOf('node_modules/stripe/')).toBeGreaterThan(100_000);
  });

  it('take the ISO date-time format alone, not every format of the `iso` namespace', () => {
    expect(bundle('updateAppointment').text).toContain('ZodMiniISODateTime');
    for (const format of ['ZodMiniISODate"', 'ZodMiniISOTime', 'ZodMiniISODuration']) {
      expect(bundle('updateAppointment').text).not.toContain(format);
    }
  });

  it('leave the contract out: no response schemas, no JSON Schema generator, no validator', () => {
    for (const id of subjects) {
      expect(bundle(id).bytesOf('functions/http/contract.ts'), id).toBe(0);
      expect(bundle(id).bytesOf('docs/openapi.ts'), id).toBe(0);
      expect(bundle(id).bytesOf('node_modules/ajv'), id).toBe(0);
      expect(bundle(id).bytesOf('zod/v4/core/to-json-schema'), id).toBe(0);
    }
    // The document route carries the committed document, packed, and only it does.
    const packed = 'functions/http/openapi/document.ts';
    expect(bundle('getOpenApi').bytesOf(packed)).toBeGreaterThan(5_000);
    expect(bundle('getOpenApi').bytesOf(packed)).toBeLessThan(30_000);
    expect(bundle('getOpenApi').bytesOf('docs/openapi.json')).toBe(0);
    expect(bundle('getTenant').bytesOf(packed)).toBe(0);
  });
});
