import type { BuildOptions } from 'esbuild';
import { functionBundling } from '../../lib/bundling';

/**
 * `functionBundling` as esbuild's JS API takes it. The shared options hold the banner as a plain string
 * (CDK's form); esbuild wants it per output type. Arrays are copied because esbuild's types are mutable.
 */
export function esbuildFunctionOptions(bundling: typeof functionBundling = functionBundling): BuildOptions {
  return {
    ...bundling,
    banner: { js: bundling.banner },
    mainFields: [...bundling.mainFields],
    external: [...bundling.external],
  };
}
