/**
 * Secrets kept in SSM SecureString parameters, read decrypted once per container and refreshed after a
 * while, so a rotation converges without a deploy.
 */
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { awsConfig } from '../config';

/** How long a value is trusted: Stripe keeps an old webhook secret valid far longer after a roll. */
const MAX_AGE_MS = 15 * 60_000;

let ssm: SSMClient | undefined;
const cache = new Map<string, { value: Promise<string>; at: number }>();

export function parameter(name: string): Promise<string> {
  const hit = cache.get(name);
  if (hit && Date.now() - hit.at < MAX_AGE_MS) return hit.value;
  ssm ??= new SSMClient({ region: awsConfig().region });
  const value = ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true })).then((out) => {
    const v = out.Parameter?.Value;
    if (!v) throw new Error(`SSM parameter ${name} is empty`);
    return v;
  });
  cache.set(name, { value, at: Date.now() });
  // A failed read is not remembered: the next request tries again.
  value.catch(() => cache.delete(name));
  return value;
}
