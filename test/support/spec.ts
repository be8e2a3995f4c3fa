// The OpenAPI document as data, for tests that walk every operation, response and example.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { specPath } from '../../scripts/prism.js';

// biome-ignore lint/suspicious/noExplicitAny: the parsed document is walked as untyped data
type Json = Record<string, any>;
export const spec: Json = parse(readFileSync(specPath, 'utf8'));

/** Follows local `$ref`s (`#/components/...`) until a concrete object is reached. */
export function deref<T = Json>(node: Json): T {
  let current = node;
  while (current && typeof current.$ref === 'string') {
    const path = current.$ref.replace(/^#\//, '').split('/');
    current = path.reduce((acc: Json, key: string) => acc[key.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
  }
  return current as T;
}

export interface DocumentedExample {
  operationId: string;
  method: string;
  path: string;
  status: string;
  mediaType: string;
  name: string | undefined;
  value: unknown;
  headers: Record<string, unknown>;
  secured: boolean;
}

/** Every example of every response of every operation, with the response headers that carry examples. */
export function documentedExamples(): DocumentedExample[] {
  const out: DocumentedExample[] = [];
  for (const [path, item] of Object.entries<Json>(spec.paths)) {
    for (const [method, op] of Object.entries<Json>(item)) {
      const secured = !(Array.isArray(op.security) && op.security.length === 0);
      for (const [status, ref] of Object.entries<Json>(op.responses)) {
        const response = deref(ref);
        const headers: Record<string, unknown> = {};
        for (const [name, h] of Object.entries<Json>(response.headers ?? {})) {
          const header = deref(h);
          if (header.example !== undefined) headers[name.toLowerCase()] = header.example;
        }
        const base = { operationId: op.operationId, method, path, status, headers, secured };
        const content = Object.entries<Json>(response.content ?? {});
        if (content.length === 0) out.push({ ...base, mediaType: '', name: undefined, value: undefined });
        for (const [mediaType, media] of content) {
          if (media.example !== undefined) out.push({ ...base, mediaType, name: undefined, value: media.example });
          for (const [name, ex] of Object.entries<Json>(media.examples ?? {})) {
            out.push({ ...base, mediaType, name, value: deref(ex).value });
          }
        }
      }
    }
  }
  return out;
}

export function operations(): Array<{ operationId: string; method: string; path: string; op: Json }> {
  return Object.entries<Json>(spec.paths).flatMap(([path, item]) =>
    Object.entries<Json>(item).map(([method, op]) => ({ operationId: op.operationId as string, method, path, op })),
  );
}
