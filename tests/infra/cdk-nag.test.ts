/**
 * cdk-nag 3 (AwsSolutions) runs as a policy-validation plugin during synthesis: `buildApp` registers it,
 * synthesis fails on unacknowledged errors, and the findings land in the assembly's
 * validation-report.json. Here: zero unacknowledged errors AND warnings, for every stage.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BuildOptions } from '../../lib/app';
import type { StageInputs } from '../../lib/stage-config';
import { SYNTHETIC_ROUTES, type SynthesizedApp, synthesize } from './support';

const cases: Array<[string, StageInputs, BuildOptions]> = [
  ['dev', { stage: 'dev' }, {}],
  ['prod', { stage: 'prod', callbackUrls: 'https://app.example.com/callback' }, {}],
  ['dev, every kind of route access', { stage: 'dev' }, { routes: SYNTHETIC_ROUTES }],
  // As `cdk synth` runs with CDK_DEFAULT_ACCOUNT/REGION: ARNs then hold the literal region.
  ['dev, with account and region', { stage: 'dev', account: '123456789012', region: 'eu-west-3' }, {}],
  [
    'prod, console on a custom domain',
    {
      stage: 'prod',
      webDomainName: 'app.example.com',
      webCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
    },
    {},
  ],
];

function acknowledgements(root: IConstruct): Array<{ path: string; kind: string; id: string; reason: string }> {
  return root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([key, reason]) => ({
          path: construct.node.path,
          kind: construct === root ? 'app' : Stack.isStack(construct) ? 'stack' : 'construct',
          id: key.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );
}

describe.each(cases)('%s', (_name, inputs, options) => {
  let synthesized: SynthesizedApp;
  beforeAll(() => {
    // Synthesizes the app; an unacknowledged cdk-nag error would already throw here.
    synthesized = synthesize(inputs, options);
  }, 60_000);

  it('has no unacknowledged AwsSolutions errors or warnings', () => {
    const report = new AwsSolutionsChecks().validateScope(synthesized.app);
    const findings = report.violations.map(
      (v) => `${v.ruleName} (${v.severity}): ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
    );
    expect(findings).toEqual([]);
  });

  it('the validation report of the cloud assembly has no AwsSolutions findings', () => {
    const assembly = synthesized.app.synth();
    const report = JSON.parse(readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8')) as {
      pluginReports: Array<{ pluginName: string }>;
    };
    expect(report.pluginReports.filter((p) => p.pluginName === 'AwsSolutions')).toEqual([]);
  });

  it('acknowledges on constructs (never the app or a whole stack), each with a specific reason', () => {
    const acks = acknowledgements(synthesized.app);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.kind, `${ack.id} on ${ack.path}`).toBe('construct');
      expect(ack.id).toMatch(/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
      expect(ack.reason.length, `${ack.id} on ${ack.path}`).toBeGreaterThanOrEqual(40);
    }
  });
});

it('the checks reach the nested stacks of route functions (a bare bucket there fails synthesis)', () => {
  expect(() =>
    synthesize({ stage: 'dev' }, {}, (stacks) => {
      const nested = stacks.api.routes.functionStacks.get('clients');
      if (!nested) throw new Error('No nested stack for the clients routes');
      new Bucket(nested, 'Bare');
    }),
  ).toThrow(/ClientsFunctions\/Bare\/Resource[\s\S]*AwsSolutions-S1/);
}, 60_000);

it('the checks do find problems (a bare bucket is not compliant)', () => {
  const app = new App();
  new Bucket(new Stack(app, 'Probe'), 'Bare');
  const rules = new AwsSolutionsChecks().validateScope(app).violations.map((v) => v.ruleName);
  expect(rules).toEqual(expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S10']));
});
