/**
 * zod/mini (about 12 KB bundled, against 454 KB for classic zod) with short English messages of our
 * own (zod's English locale costs 3 KB more in every bundle). Modules import `* as z from 'zod/mini'`
 * themselves: re-exporting the namespace from here would defeat tree-shaking and pull all of zod
 * (about 420 KB) into every bundle. The HTTP edge imports this module, so the messages are always set.
 */
import * as z from 'zod/mini';

function message(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'This field is required.' : `Expected ${issue.expected}.`;
    case 'too_small':
      return `Must be at least ${String(issue.minimum)}${issue.origin === 'string' ? ' characters' : ''}.`;
    case 'too_big':
      return `Must be at most ${String(issue.maximum)}${issue.origin === 'string' ? ' characters' : ''}.`;
    case 'invalid_format':
      return issue.format === 'regex' ? 'Has an invalid format.' : `Expected a valid ${issue.format}.`;
    case 'invalid_value':
      return `Expected one of: ${issue.values.map(String).join(', ')}.`;
    case 'unrecognized_keys':
      return 'This field is not accepted here.';
    default:
      return 'Invalid value.';
  }
}

z.config({ localeError: message });

export interface IssueDetail {
  in: 'path' | 'query' | 'body';
  path: string;
  message: string;
}

/** Issues as the API reports them: one entry per offending field, unknown fields named one by one. */
export function issueDetails(issues: ReadonlyArray<z.core.$ZodIssue>, where: IssueDetail['in']): IssueDetail[] {
  return issues.flatMap((issue) => {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ in: where, path: base ? `${base}.${key}` : key, message: issue.message }));
    }
    return [{ in: where, path: base, message: issue.message }];
  });
}
