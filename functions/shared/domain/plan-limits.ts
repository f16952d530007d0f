/** The 402 answer for a limit reached, naming the cheapest plan that would allow one more. */
import { PlanLimitError } from '../errors';
import { type LimitName, type Plan, planAllowing } from './plans';

export function planLimitError(plan: Plan, limitName: LimitName, limit: number, current: number): PlanLimitError {
  const upgrade = planAllowing(limitName, current + 1);
  return new PlanLimitError(`The ${plan} plan allows ${limit} for ${limitName}.`, {
    limit,
    current,
    plan,
    limitName,
    ...(upgrade ? { upgradeTo: upgrade } : {}),
  });
}
