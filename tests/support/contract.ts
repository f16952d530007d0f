/**
 * Holds every answer the suite receives to docs/openapi.json: the operation is found by method and
 * path template, the status must be one it declares (else the error envelope of `default`), the body
 * must validate against that response's schema and its required headers must be there.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

type Json = Record<string, unknown>;

const document = JSON.parse(readFileSync(join(import.meta.dirname, '../../docs/openapi.json'), 'utf8')) as Json;
const ajv = new Ajv2020({ strict: false, allErrors: true });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
ajv.addSchema({ ...document, $id: 'openapi.json' });

const paths = Object.keys(document.paths as Json).map((template) => ({
  template,
  pattern: new RegExp(`^${template.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`),
  literal: !template.includes('{'),
}));

const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

function resolve(node: Json): Json {
  const ref = node.$ref;
  if (typeof ref !== 'string') return node;
  let target: unknown = document;
  for (const part of ref.slice(2).split('/')) target = (target as Json)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return resolve(target as Json);
}

const validators = new Map<string, ValidateFunction>();
function validatorAt(path: string): ValidateFunction {
  let v = validators.get(path);
  if (!v) {
    v = ajv.compile({ $ref: `openapi.json#/${path}` });
    validators.set(path, v);
  }
  return v;
}

/** The answer's fault, in words, or undefined when it is what the document says. */
export function contractViolation(
  method: string,
  url: string,
  status: number,
  headers: Headers,
  body: unknown,
): string | undefined {
  if (method === 'OPTIONS' || method === 'HEAD') return undefined;
  const pathname = new URL(url, 'http://x').pathname;
  const matches = paths.filter((p) => p.pattern.test(pathname));
  const path = matches.find((p) => p.literal) ?? matches[0];
  const item = path ? ((document.paths as Json)[path.template] as Json) : undefined;
  const operation = item?.[method.toLowerCase()] as Json | undefined;
  const where = `${method} ${pathname} -> ${status}`;

  let responsePointer: string;
  let response: Json;
  if (!path || !operation) {
    // No such operation: only an error answer (404, 405, ...) in the envelope is right.
    if (status < 400) return `${where}: answered ${status} for an operation the document does not have`;
    responsePointer = pointer('components', 'schemas', 'Error');
    const v = validatorAt(responsePointer);
    return v(body) ? undefined : `${where}: not the error envelope: ${ajv.errorsText(v.errors)}`;
  }
  // Set CONTRACT_SEEN_FILE to list which operation answered which status (how much of the contract a run covers).
  if (process.env.CONTRACT_SEEN_FILE) appendFileSync(process.env.CONTRACT_SEEN_FILE, `${operation.operationId} ${status}\n`);
  const responses = operation.responses as Json;
  const key = String(status) in responses ? String(status) : 'default';
  if (key === 'default' && status < 400) return `${where}: ${operation.operationId} does not declare ${status}`;
  response = resolve(responses[key] as Json);

  for (const [name, header] of Object.entries((response.headers ?? {}) as Json)) {
    if (resolve(header as Json).required === true && headers.get(name) === null) {
      return `${where}: ${operation.operationId} must send the ${name} header`;
    }
  }
  const content = response.content as Json | undefined;
  if (!content) return body === undefined ? undefined : `${where}: ${operation.operationId} answers no body here`;
  if (body === undefined) return `${where}: ${operation.operationId} must answer a body`;
  const media = (headers.get('content-type') ?? 'application/json').split(';')[0]?.trim() ?? '';
  if (media !== 'application/json') {
    return media in content && typeof body === 'string'
      ? undefined
      : `${where}: ${operation.operationId} does not answer ${media}`;
  }
  const refOf = (responses[key] as Json).$ref;
  responsePointer =
    typeof refOf === 'string'
      ? `${refOf.slice(2)}/${pointer('content', 'application/json', 'schema')}`
      : pointer('paths', path.template, method.toLowerCase(), 'responses', key, 'content', 'application/json', 'schema');
  const v = validatorAt(responsePointer);
  return v(body) ? undefined : `${where}: body does not match ${operation.operationId} ${key}: ${ajv.errorsText(v.errors)}`;
}
