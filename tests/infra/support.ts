/**
 * Builds the app exactly as `bin/app.ts` does (same `buildApp`, same `buildStageConfig`, cdk.json
 * context such as feature flags), without bundling, and reads the synthesized templates.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App, type CfnElement, type NestedStack, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { expect } from 'vitest';
import type { ResourceAccess } from '../../functions/routes';
import { buildApp, type BuildOptions, type RendezvousStacks } from '../../lib/app';
import type { RouteEntry } from '../../lib/constructs/api-routes';
import { repoRoot } from '../../lib/paths';
import { buildStageConfig, type StageConfig, type StageInputs } from '../../lib/stage-config';

export interface SynthesizedApp {
  readonly app: App;
  readonly config: StageConfig;
  readonly stacks: RendezvousStacks;
  readonly data: Template;
  readonly identity: Template;
  /** The API stack's own template (methods, authorizers, WAF, monitoring, background jobs). */
  readonly api: Template;
  /** Each nested stack of route functions, by route group, with its own template. */
  readonly apiNested: ReadonlyArray<NestedTemplate>;
  /**
   * The API stack and its nested stacks as one template (`mergeNested`): what the route functions, their
   * roles and the methods invoking them look like, wherever they live.
   */
  readonly apiAll: Template;
  readonly notifications: Template;
  readonly web: Template;
}

export interface NestedTemplate {
  readonly group: string;
  readonly stack: NestedStack;
  /** The AWS::CloudFormation::Stack resource of the nested stack in its parent's template. */
  readonly resourceId: string;
  readonly template: Template;
}

/** The logical id of a CloudFormation element in the template of its own stack (nested or not). */
export function logicalIdOf(element: unknown): string {
  const cfn = element as CfnElement;
  return Stack.of(cfn).getLogicalId(cfn);
}

export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(path.join(repoRoot, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return cdkJson.context ?? {};
}

/** `change` runs on the built stacks before the templates are read (to probe that a check detects a defect). */
export function synthesize(
  inputs: StageInputs = {},
  options: BuildOptions = {},
  change?: (stacks: RendezvousStacks) => void,
): SynthesizedApp {
  const app = new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
  const config = buildStageConfig(inputs);
  const stacks = buildApp(app, config, options);
  change?.(stacks);
  const api = Template.fromStack(stacks.api);
  const apiNested = [...stacks.api.routes.functionStacks].map(([group, stack]) => {
    const resource = stack.nestedStackResource;
    if (!resource) throw new Error(`${stack.node.path} has no stack resource`);
    return { group, stack, resourceId: logicalIdOf(resource), template: Template.fromStack(stack) };
  });
  return {
    app,
    config,
    stacks,
    data: Template.fromStack(stacks.data),
    identity: Template.fromStack(stacks.identity),
    api,
    apiNested,
    apiAll: mergeNested(api, apiNested),
    notifications: Template.fromStack(stacks.notifications),
    web: Template.fromStack(stacks.web),
  };
}

type Json = unknown;
const isRecord = (node: Json): node is Record<string, Json> => typeof node === 'object' && node !== null && !Array.isArray(node);

/** A deep copy of `node` with every object `replace` answers for swapped (the answer is copied as is). */
function rewrite(node: Json, replace: (object: Record<string, Json>) => Json | undefined): Json {
  if (Array.isArray(node)) return node.map((item) => rewrite(item, replace));
  if (!isRecord(node)) return node;
  const replaced = replace(node);
  if (replaced !== undefined) return structuredClone(replaced);
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, rewrite(value, replace)]));
}

/**
 * One template made of a parent and its nested stacks, as if they were one stack: a nested stack's
 * parameters are replaced by what the parent passes (`{"Ref": "<parameter>"}` → `{"Fn::GetAtt":
 * ["TenantWrite…", "Arn"]}`), the parent's reads of nested outputs by the outputs' values
 * (`Outputs.…Arn` → `{"Fn::GetAtt": ["<function>", "Arn"]}`), and the stack resources are left out.
 * Assertions on functions then read exactly as before the functions moved; two resources with one
 * logical id, or a parameter left unreplaced, fail here.
 */
export function mergeNested(parent: Template, nested: ReadonlyArray<Pick<NestedTemplate, 'resourceId' | 'template'>>): Template {
  const parentJson = parent.toJSON() as { Resources: Resources; Outputs?: Record<string, Json> } & Record<string, Json>;
  const outputsByStack = new Map<string, Record<string, { Value: Json }>>();
  const merged: Resources = {};
  for (const { resourceId, template } of nested) {
    const json = template.toJSON() as { Resources: Resources; Outputs?: Record<string, { Value: Json }> };
    if (Object.values(json.Resources).some((r) => r.Type === 'AWS::CloudFormation::Stack')) {
      throw new Error(`${resourceId} has nested stacks of its own`);
    }
    const parameters = (parentJson.Resources[resourceId]?.Properties?.Parameters ?? {}) as Record<string, Json>;
    const inline = (node: Json) =>
      rewrite(node, (object) => {
        const ref = object.Ref;
        return typeof ref === 'string' && Object.keys(object).length === 1 ? parameters[ref] : undefined;
      });
    const inlined = inline(json.Resources) as Resources;
    const left = Object.keys(parameters).filter((name) => JSON.stringify(inlined).includes(`"${name}"`));
    if (left.length > 0) throw new Error(`${resourceId}: parameters not inlined: ${left.join(', ')}`);
    for (const [id, resource] of Object.entries(inlined)) {
      if (id in merged || id in parentJson.Resources) throw new Error(`Logical id ${id} is in two templates`);
      merged[id] = resource;
    }
    outputsByStack.set(resourceId, inline(json.Outputs ?? {}) as Record<string, { Value: Json }>);
  }
  const readOutput = (object: Record<string, Json>) => {
    const getAtt = object['Fn::GetAtt'];
    if (!Array.isArray(getAtt) || Object.keys(object).length !== 1) return undefined;
    const [stackId, attribute] = getAtt as [string, string];
    const outputs = outputsByStack.get(stackId);
    if (!outputs) return undefined;
    const output = outputs[attribute.replace(/^Outputs\./, '')];
    if (!output) throw new Error(`${stackId} has no output ${attribute}`);
    return output.Value;
  };
  const parentResources = Object.fromEntries(Object.entries(parentJson.Resources).filter(([id]) => !outputsByStack.has(id)));
  const all = { ...(rewrite(parentResources, readOutput) as Resources), ...merged };
  if (JSON.stringify(all).match(/"Outputs\./)) throw new Error('A read of a nested output was not replaced');
  return Template.fromJSON({ ...parentJson, Resources: all, Outputs: rewrite(parentJson.Outputs ?? {}, readOutput) });
}

export type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> } & Record<string, unknown>>;

export function resources(template: Template): Resources {
  return (template.toJSON() as { Resources: Resources }).Resources;
}

/** The environment variables of a Lambda function resource. */
export function environmentOf(template: Template, functionLogicalId: string): Record<string, unknown> {
  const fn = resources(template)[functionLogicalId];
  if (fn?.Type !== 'AWS::Lambda::Function') throw new Error(`${functionLogicalId} is not a function`);
  return (fn.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
}

export function resourcesOfType(template: Template, type: string): Array<[string, Resources[string]]> {
  return Object.entries(resources(template)).filter(([, r]) => r.Type === type);
}

export interface PolicyStatementJson {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
  Principal?: Record<string, unknown>;
  NotAction?: unknown;
  NotResource?: unknown;
  NotPrincipal?: unknown;
}

/** Every statement a role is granted: its inline policies and the AWS::IAM::Policy resources attached to it. */
export function statementsOfRole(template: Template, roleLogicalId: string): PolicyStatementJson[] {
  const all = resources(template);
  const role = all[roleLogicalId];
  if (role?.Type !== 'AWS::IAM::Role') throw new Error(`${roleLogicalId} is not a role`);
  const inline = ((role.Properties?.Policies ?? []) as Array<{ PolicyDocument: { Statement: PolicyStatementJson[] } }>).flatMap(
    (p) => p.PolicyDocument.Statement,
  );
  const attached = Object.values(all)
    .filter((r) => r.Type === 'AWS::IAM::Policy')
    .filter((r) => JSON.stringify(r.Properties?.Roles ?? []).includes(`"Ref":"${roleLogicalId}"`))
    .flatMap((r) => (r.Properties?.PolicyDocument as { Statement?: PolicyStatementJson[] } | undefined)?.Statement ?? []);
  return [...inline, ...attached];
}

/** The statements of a role's trust policy. */
export function trustStatementsOfRole(template: Template, roleLogicalId: string): PolicyStatementJson[] {
  const role = resources(template)[roleLogicalId];
  if (role?.Type !== 'AWS::IAM::Role') throw new Error(`${roleLogicalId} is not a role`);
  const document = role.Properties?.AssumeRolePolicyDocument as { Statement?: PolicyStatementJson[] } | undefined;
  return document?.Statement ?? [];
}

/** The logical ids of the roles a trust statement names as AWS principals (`Fn::GetAtt [id, Arn]`). */
export function principalRoleIds(statement: PolicyStatementJson): string[] {
  const aws = statement.Principal?.AWS;
  const list = Array.isArray(aws) ? aws : aws === undefined ? [] : [aws];
  return list.map((p) => {
    const getAtt = (p as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
    if (getAtt?.[1] !== 'Arn') throw new Error(`Principal is not a role of this stack: ${JSON.stringify(p)}`);
    return getAtt[0];
  });
}

/**
 * A dependency cycle among the resources of a template (Ref, Fn::GetAtt, Fn::Sub and DependsOn), or
 * undefined. CloudFormation refuses such a template at deploy time; synthesis does not notice.
 */
export function dependencyCycle(template: Template): string[] | undefined {
  const all = resources(template);
  const edges = new Map<string, Set<string>>();
  const collect = (node: unknown, into: Set<string>): void => {
    if (Array.isArray(node)) {
      for (const item of node) collect(item, into);
    } else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'Ref' && typeof value === 'string') into.add(value);
        else if (key === 'Fn::GetAtt') into.add(Array.isArray(value) ? String(value[0]) : (String(value).split('.')[0] ?? ''));
        else if (key === 'Fn::Sub' && typeof (Array.isArray(value) ? value[0] : value) === 'string') {
          const text = (Array.isArray(value) ? value[0] : value) as string;
          for (const match of text.matchAll(/\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}/g)) into.add(match[1] ?? '');
          if (Array.isArray(value)) collect(value[1], into);
        } else collect(value, into);
      }
    }
  };
  for (const [id, r] of Object.entries(all)) {
    const into = new Set<string>();
    collect(r.Properties ?? {}, into);
    const dependsOn = r.DependsOn;
    for (const d of Array.isArray(dependsOn) ? dependsOn : dependsOn ? [dependsOn] : []) into.add(String(d));
    edges.set(id, new Set([...into].filter((d) => d in all)));
  }
  const state = new Map<string, 'open' | 'done'>();
  const visit = (id: string, path: string[]): string[] | undefined => {
    state.set(id, 'open');
    for (const next of edges.get(id) ?? []) {
      if (state.get(next) === 'open') return [...path.slice(path.indexOf(next)), next];
      if (!state.has(next)) {
        const cycle = visit(next, [...path, next]);
        if (cycle) return cycle;
      }
    }
    state.set(id, 'done');
    return undefined;
  };
  for (const id of edges.keys()) {
    if (state.has(id)) continue;
    const cycle = visit(id, [id]);
    if (cycle) return cycle;
  }
  return undefined;
}

/** A statement's actions, as a list whether CloudFormation holds one or many. */
export const actionList = (s: PolicyStatementJson): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);

export function actionsOf(statements: ReadonlyArray<PolicyStatementJson>): string[] {
  return statements.filter((s) => s.Effect === 'Allow').flatMap(actionList);
}

/**
 * Asserts a Scheduler execution role: trusted by Scheduler in this account only, allowed to invoke the
 * one target function and to send to its dead-letter queue, nothing else. Answers its statements.
 */
export function expectSchedulerTargetRole(
  template: Template,
  roleLogicalId: string,
  functionLogicalId: string,
): PolicyStatementJson[] {
  const [trust] = trustStatementsOfRole(template, roleLogicalId);
  expect(trust?.Principal).toEqual({ Service: 'scheduler.amazonaws.com' });
  expect(trust?.Condition).toEqual({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } });
  const statements = statementsOfRole(template, roleLogicalId);
  expect(actionsOf(statements).sort()).toEqual([
    'lambda:InvokeFunction',
    'sqs:GetQueueAttributes',
    'sqs:GetQueueUrl',
    'sqs:SendMessage',
  ]);
  const invoke = statements.find((s) => s.Action === 'lambda:InvokeFunction');
  expect(invoke?.Resource).toEqual({ 'Fn::GetAtt': [functionLogicalId, 'Arn'] });
  return statements;
}

/** Full path of every AWS::ApiGateway::Resource, rebuilt from PathPart/ParentId. */
export function resourcePaths(template: Template): Map<string, string> {
  const all = resources(template);
  const paths = new Map<string, string>();
  const pathOf = (id: string): string => {
    const known = paths.get(id);
    if (known !== undefined) return known;
    const props = all[id]?.Properties as { ParentId: unknown; PathPart: string };
    const parent = props.ParentId as { Ref?: string };
    const parentPath = parent.Ref ? pathOf(parent.Ref) : '';
    const full = `${parentPath}/${props.PathPart}`;
    paths.set(id, full);
    return full;
  };
  for (const [id, r] of Object.entries(all)) if (r.Type === 'AWS::ApiGateway::Resource') pathOf(id);
  return paths;
}

export interface MethodInfo {
  readonly logicalId: string;
  readonly path: string;
  readonly httpMethod: string;
  readonly authorizationType: string;
  readonly authorizerLogicalId: string | undefined;
  /** The Lambda function the integration invokes. */
  readonly functionLogicalId: string | undefined;
}

export function methods(template: Template): MethodInfo[] {
  const paths = resourcePaths(template);
  return resourcesOfType(template, 'AWS::ApiGateway::Method').map(([logicalId, r]) => {
    const props = r.Properties as {
      HttpMethod: string;
      ResourceId: { Ref?: string };
      AuthorizationType: string;
      AuthorizerId?: { Ref: string };
      Integration?: unknown;
    };
    const target = /"Fn::GetAtt":\["([A-Za-z0-9]+)","Arn"\]/.exec(JSON.stringify(props.Integration ?? {}));
    return {
      logicalId,
      path: props.ResourceId.Ref ? (paths.get(props.ResourceId.Ref) ?? '?') : '/',
      httpMethod: props.HttpMethod,
      authorizationType: props.AuthorizationType,
      authorizerLogicalId: props.AuthorizerId?.Ref,
      functionLogicalId: target?.[1],
    };
  });
}

const handler = 'functions/http/health/get-health.ts';
const syntheticRoute = (id: string, path: string, access: ResourceAccess[]): RouteEntry => ({
  id,
  method: 'POST',
  path,
  handler,
  auth: 'tenant',
  permission: 'clients:read',
  access,
  summary: `synthetic ${id}`,
});
const syntheticUserRoute = (id: string, path: string, access: ResourceAccess[]): RouteEntry => ({
  id,
  method: 'POST',
  path,
  handler,
  auth: 'user',
  permission: 'authenticated',
  access,
  summary: `synthetic ${id}`,
});
const syntheticSlugRoute = (id: string, path: string, access: ResourceAccess[]): RouteEntry => ({
  id,
  method: 'POST',
  path,
  handler,
  auth: 'public',
  permission: 'public',
  tenantScope: 'slug',
  access,
  summary: `synthetic ${id}`,
});

/**
 * A route table using every kind of access, for grant and cdk-nag tests (handlers must exist). Tenant
 * routes reach the table through the tenant roles; the user routes show the direct grants.
 */
export const SYNTHETIC_ROUTES: ReadonlyArray<RouteEntry> = [
  syntheticUserRoute('userReadsTable', '/v1/synthetic/a', ['table:read']),
  syntheticUserRoute('userWritesTable', '/v1/synthetic/b', ['table:write']),
  syntheticRoute('readsTable', '/v1/tenants/{tenantId}/a', ['table:read']),
  syntheticRoute('writesTable', '/v1/tenants/{tenantId}/b', ['table:write']),
  syntheticRoute('readsAndWritesTable', '/v1/tenants/{tenantId}/i', ['table:read', 'table:write']),
  syntheticRoute('readsBucket', '/v1/tenants/{tenantId}/c', ['bucket:read']),
  syntheticRoute('writesBucket', '/v1/tenants/{tenantId}/d', ['bucket:write']),
  syntheticRoute('usesDataKey', '/v1/tenants/{tenantId}/e', ['kms:data-key']),
  syntheticRoute('invitesUsers', '/v1/tenants/{tenantId}/h', ['userpool:invite']),
  syntheticUserRoute('deletesUsers', '/v1/synthetic/c', ['userpool:delete-user']),
  syntheticRoute('everything', '/v1/tenants/{tenantId}/f', [
    'table:write',
    'bucket:read',
    'bucket:write',
    'kms:data-key',
    'userpool:invite',
    'userpool:delete-user',
  ]),
  syntheticRoute('nothing', '/v1/tenants/{tenantId}/g', []),
  syntheticUserRoute('probesHealth', '/v1/synthetic/d', ['platform:health-probe']),
  syntheticSlugRoute('publicReadsSalon', '/v1/public/{slug}/a', ['table:public-lookup', 'table:read']),
  syntheticSlugRoute('publicWritesSalon', '/v1/public/{slug}/b', ['table:public-lookup', 'table:write']),
];
