import { describe, expect, it } from 'vitest';
import {
  describeSdkImports,
  floorEntrySource,
  mergeSdkImports,
  packageMatcher,
  parseImportsOf,
  parseSdkImports,
} from '../../../bench/lib/sdk-imports';

describe('parseSdkImports', () => {
  it('collects named imports from @aws-sdk modules only', () => {
    const source = [
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
      'import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";',
      "import { z } from 'zod';",
      "import { awsConfig } from '../config';",
    ].join('\n');
    expect(parseSdkImports(source)).toEqual([
      { module: '@aws-sdk/client-dynamodb', names: ['DynamoDBClient'], namespace: false },
      { module: '@aws-sdk/lib-dynamodb', names: ['DynamoDBDocumentClient', 'GetCommand'], namespace: false },
    ]);
  });

  it('ignores type-only imports and type specifiers, keeps the exported name of an alias', () => {
    const source = [
      "import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';",
      "import type * as S3 from '@aws-sdk/client-s3';",
      "import { type QueryCommandInput, QueryCommand as Query, type GetCommandOutput } from '@aws-sdk/lib-dynamodb';",
    ].join('\n');
    expect(parseSdkImports(source)).toEqual([{ module: '@aws-sdk/lib-dynamodb', names: ['QueryCommand'], namespace: false }]);
  });

  it('reads multi-line imports, with comments and trailing commas', () => {
    const source = `import {
  GetUserCommand, // the profile
  /* thrown for a revoked token */ NotAuthorizedException,
  type GetUserCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
`;
    expect(parseSdkImports(source)).toEqual([
      {
        module: '@aws-sdk/client-cognito-identity-provider',
        names: ['GetUserCommand', 'NotAuthorizedException'],
        namespace: false,
      },
    ]);
  });

  it('does not run one statement into the next', () => {
    const source = "import { a } from './a';\nimport { Upload } from '@aws-sdk/lib-storage';";
    expect(parseSdkImports(source)).toEqual([{ module: '@aws-sdk/lib-storage', names: ['Upload'], namespace: false }]);
  });

  it('treats namespace imports, export * and dynamic import() as the whole module', () => {
    const source = [
      "import * as kms from '@aws-sdk/client-kms';",
      "export * from '@aws-sdk/client-s3';",
      "const { SchedulerClient } = await import('@aws-sdk/client-scheduler');",
    ].join('\n');
    expect(parseSdkImports(source)).toEqual([
      { module: '@aws-sdk/client-kms', names: [], namespace: true },
      { module: '@aws-sdk/client-s3', names: [], namespace: true },
      { module: '@aws-sdk/client-scheduler', names: [], namespace: true },
    ]);
  });

  it('counts re-exports and default imports', () => {
    const source = [
      "export { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';",
      "import Sts, { GetCallerIdentityCommand } from '@aws-sdk/client-sts';",
    ].join('\n');
    expect(parseSdkImports(source)).toEqual([
      { module: '@aws-sdk/client-s3', names: ['S3Client'], namespace: false },
      { module: '@aws-sdk/client-sts', names: ['GetCallerIdentityCommand', 'default'], namespace: false },
    ]);
  });

  it('in reexports scope keeps only export … from', () => {
    const source = [
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
      "export { GetCommand } from '@aws-sdk/lib-dynamodb';",
      "await import('@aws-sdk/client-kms');",
    ].join('\n');
    expect(parseSdkImports(source, 'reexports')).toEqual([
      { module: '@aws-sdk/lib-dynamodb', names: ['GetCommand'], namespace: false },
    ]);
  });

  it('ignores side-effect-only imports and imports mentioned in comments mid-line', () => {
    const source = "import '@aws-sdk/client-dynamodb';\n// we import { X } from '@aws-sdk/client-s3' lazily\nconst x = 1;";
    expect(parseSdkImports(source)).toEqual([]);
  });
});

describe('mergeSdkImports', () => {
  it('unions names per module, sorted, and keeps namespace if any file has it', () => {
    const merged = mergeSdkImports([
      [{ module: '@aws-sdk/lib-dynamodb', names: ['QueryCommand'], namespace: false }],
      [
        { module: '@aws-sdk/lib-dynamodb', names: ['GetCommand', 'QueryCommand'], namespace: false },
        { module: '@aws-sdk/client-kms', names: ['KMSClient'], namespace: false },
      ],
      [{ module: '@aws-sdk/client-kms', names: [], namespace: true }],
    ]);
    expect(merged).toEqual([
      { module: '@aws-sdk/client-kms', names: ['KMSClient'], namespace: true },
      { module: '@aws-sdk/lib-dynamodb', names: ['GetCommand', 'QueryCommand'], namespace: false },
    ]);
  });
});

describe('floorEntrySource', () => {
  it('imports every symbol under its own alias and keeps them all alive', () => {
    const source = floorEntrySource([
      { module: '@aws-sdk/client-dynamodb', names: ['DynamoDBClient', 'QueryCommand'], namespace: false },
      { module: '@aws-sdk/lib-dynamodb', names: ['QueryCommand'], namespace: false },
    ]);
    expect(source).toBe(
      [
        'import { DynamoDBClient as s0, QueryCommand as s1 } from "@aws-sdk/client-dynamodb";',
        'import { QueryCommand as s2 } from "@aws-sdk/lib-dynamodb";',
        'globalThis.__floor = [s0, s1, s2];',
        '',
      ].join('\n'),
    );
  });

  it('imports a whole module as a namespace', () => {
    expect(floorEntrySource([{ module: '@aws-sdk/client-kms', names: ['KMSClient'], namespace: true }])).toBe(
      'import * as s0 from "@aws-sdk/client-kms";\nglobalThis.__floor = [s0];\n',
    );
  });

  it('is an empty module when the function uses no SDK client', () => {
    expect(floorEntrySource([])).toBe('export {};\n');
  });
});

describe('describeSdkImports', () => {
  it('lists modules and symbols, or says there are none', () => {
    expect(describeSdkImports([])).toBe('(no AWS SDK client)');
    expect(
      describeSdkImports([
        { module: '@aws-sdk/client-kms', names: [], namespace: true },
        { module: '@aws-sdk/lib-dynamodb', names: ['GetCommand'], namespace: false },
      ]),
    ).toBe('@aws-sdk/client-kms (* whole module); @aws-sdk/lib-dynamodb { GetCommand }');
  });
});

describe('parseImportsOf (accepted dependencies)', () => {
  const isAccepted = packageMatcher(['zod', 'stripe', '@aws-lambda-powertools/logger']);

  it('matches a package and its subpaths, not a longer name', () => {
    expect(
      ['zod', 'zod/mini', 'zod/v4/core', 'zodiac', 'stripe-extra', '@aws-lambda-powertools/logger/types'].map(isAccepted),
    ).toEqual([true, true, true, false, false, true]);
  });

  it('counts a namespace import as the names read from it, and keeps named and default imports', () => {
    const source = [
      "import * as z from 'zod/mini';",
      "import type * as t from 'zod/mini';",
      "import Stripe from 'stripe';",
      "import { Logger } from '@aws-lambda-powertools/logger';",
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
      '// z.never() in a comment is not read',
      'export const body = z.object({ name: z.string(), at: z.optional(z.string()) });',
      'export type Body = z.infer<typeof body>;',
      'export type Issue = z.core.$ZodIssue | z .core . $ZodRawIssue;',
      'const notZ = { z: 1 }; const x = notZ.z; const y = biz.boolean;',
    ].join('\n');
    expect(parseImportsOf(source, isAccepted)).toEqual([
      { module: '@aws-lambda-powertools/logger', names: ['Logger'], namespace: false },
      { module: 'stripe', names: ['default'], namespace: false },
      { module: 'zod/mini', names: ['infer', 'object', 'optional', 'string'], namespace: false },
    ]);
  });

  it('keeps only re-exports for a file that left no code', () => {
    const source = ["import * as z from 'zod/mini';", "export { object } from 'zod/mini';", 'z.string();'].join('\n');
    expect(parseImportsOf(source, isAccepted, 'reexports')).toEqual([
      { module: 'zod/mini', names: ['object'], namespace: false },
    ]);
  });
});
