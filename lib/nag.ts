/**
 * cdk-nag 3 acknowledgements. Each is recorded on the construct it is about (never the app), with the
 * full finding id for rules that report per finding, e.g. `AwsSolutions-IAM5[Resource::<arn>/index/*]`.
 */
import { type Acknowledgment, Stack, Validations } from 'aws-cdk-lib';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { IConstruct } from 'constructs';

export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/**
 * Acknowledges findings whose id contains a resolved reference (an ARN from another stack).
 *
 * cdk-nag names an IAM5 finding after the policy's resource as CloudFormation sees it. For a resource
 * of another stack that is an `Fn::ImportValue` whose export name CDK only generates when it resolves
 * cross-stack references (after aspects, before validation). So the ids are computed in a validation
 * hook, which runs after that step and before the policy-validation plugins; `ref()` renders a token
 * exactly as cdk-nag does. The hook reports no errors of its own.
 */
export function acknowledgeResolved(
  scope: IConstruct,
  build: (ref: (token: string) => string) => ReadonlyArray<Acknowledgment>,
): void {
  const ref = (token: string) => flattenCfnReference(Stack.of(scope).resolve(token));
  let done = false;
  scope.node.addValidation({
    validate: () => {
      if (!done) {
        Validations.of(scope).acknowledge(...build(ref));
        done = true;
      }
      return [];
    },
  });
}
