/**
 * How every Lambda function is bundled. CDK (NodejsFunction) and the bundle benchmark both read this,
 * so the figures in `npm run bench` are the figures of what `cdk deploy` ships.
 */
export const LAMBDA_NODE_TARGET = 'node22';

export const functionBundling = {
  format: 'esm',
  platform: 'node',
  target: LAMBDA_NODE_TARGET,
  minify: true,
  sourcemap: false,
  /** ESM first so tree-shaking works; the SDK is bundled so each function carries only its own clients. */
  mainFields: ['module', 'main'],
  /** Some CommonJS dependencies call require(); ESM bundles need it defined. */
  banner:
    "import { createRequire as __rdvCreateRequire } from 'node:module';const require = __rdvCreateRequire(import.meta.url);",
  external: [] as string[],
} as const;
