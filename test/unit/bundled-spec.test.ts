// The bundled document other teams get from the package (dist/openapi, from `npm run docs:spec`) says what the source says.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { parse } from 'yaml';
import { spec } from '../support/spec.js';

const dist = resolve(import.meta.dirname, '../../dist/openapi');

it.each(['omnigate.yaml', 'omnigate.json'])('%s equals the source document', (file) => {
  const path = resolve(dist, file);
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run docs:spec\` first`);
  const text = readFileSync(path, 'utf8');
  expect(file.endsWith('.json') ? JSON.parse(text) : parse(text)).toEqual(spec);
});

it('the package ships the bundled document and the vectors', () => {
  const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8'));
  expect(pkg.exports['./openapi.yaml']).toBe('./dist/openapi/omnigate.yaml');
  expect(pkg.exports['./openapi.json']).toBe('./dist/openapi/omnigate.json');
  expect(pkg.files).toEqual(expect.arrayContaining(['dist', 'openapi/conformance']));
});
