import fs from 'node:fs';
import path from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { projectRoot } from '@/lib/project-root';

/**
 * Checks an answer against the published OpenAPI document (public/openapi.json, which a test keeps
 * equal to the routes' declarations): the operation lists the status, and a JSON body matches the
 * schema the document gives for it. lib/test/api.ts runs it on every answer, so each API test also
 * checks the contract an integrator reads.
 */
type Json = Record<string, unknown>;
type Response = { $ref?: string; content?: Record<string, unknown> };

const DOCUMENT_ID = 'openapi.json';
let state: { document: Json; ajv: Ajv2020; validators: Map<string, ValidateFunction> } | undefined;

function load() {
  if (state) return state;
  const document = JSON.parse(fs.readFileSync(path.join(projectRoot(), 'public/openapi.json'), 'utf8')) as Json;
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  ajv.addSchema(document, DOCUMENT_ID);
  state = { document, ajv, validators: new Map() };
  return state;
}

const pointerSegment = (segment: string) => segment.replaceAll('~', '~0').replaceAll('/', '~1');

function at(document: Json, pointer: string): unknown {
  return pointer
    .replace(/^#\//, '')
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<unknown>((node, key) => (node as Json | undefined)?.[key], document);
}

/** Whether the document has this operation: 404s of unknown paths and 405s of undeclared methods have none. */
export function documented(method: string, templatePath: string): boolean {
  return Boolean(at(load().document, `#/paths/${pointerSegment(templatePath)}/${method.toLowerCase()}`));
}

/** Throws, naming the operation and the mismatch, when the answer breaks the document. */
export function checkAnswerAgainstDocument(method: string, templatePath: string, status: number, contentType: string | null, body: unknown): void {
  const { document, ajv, validators } = load();
  const operation = `#/paths/${pointerSegment(templatePath)}/${method.toLowerCase()}`;
  let pointer = `${operation}/responses/${status}`;
  let response = at(document, pointer) as Response | undefined;
  if (!response) throw new Error(`${method} ${templatePath} answered ${status}, which the OpenAPI document does not list for it`);
  if (response.$ref) {
    pointer = response.$ref;
    response = at(document, pointer) as Response;
  }
  const json = contentType?.startsWith('application/json') && response.content?.['application/json'];
  if (!json) return;
  const schemaPointer = `${pointer}/content/application~1json/schema`;
  let validate = validators.get(schemaPointer);
  if (!validate) {
    validate = ajv.compile({ $ref: `${DOCUMENT_ID}${schemaPointer}` });
    validators.set(schemaPointer, validate);
  }
  if (!validate(body)) {
    throw new Error(`${method} ${templatePath} answered ${status} with a body the OpenAPI document does not allow: ${ajv.errorsText(validate.errors)}`);
  }
}
