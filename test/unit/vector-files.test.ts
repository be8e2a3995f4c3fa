// Every conformance file is valid against its JSON Schema, so other teams can rely on the format.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { expect, it } from 'vitest';

const dir = resolve(import.meta.dirname, '../../openapi/conformance');
const files = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'python-differences.json');

it('ships the six vector files, each with a schema', () => {
  expect(files.sort()).toEqual([
    'classification.json',
    'messages.json',
    'retry-after.json',
    'retry-decisions.json',
    'sse.json',
    'stream.json',
  ]);
});

it.each(files)('%s matches its schema', (file) => {
  const data = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const schema = JSON.parse(readFileSync(join(dir, 'schemas', file.replace('.json', '.schema.json')), 'utf8'));
  expect(data.$schema).toBe(`./schemas/${file.replace('.json', '.schema.json')}`);
  const ajv = new Ajv2020({ allErrors: true, strict: true, validateFormats: false });
  const valid = ajv.validate(schema, data);
  expect(ajv.errors ?? [], `${file}: ${ajv.errorsText()}`).toEqual([]);
  expect(valid).toBe(true);
});

it('the README counts match the files', () => {
  const readme = readFileSync(join(dir, 'README.md'), 'utf8');
  for (const file of files) {
    const count = JSON.parse(readFileSync(join(dir, file), 'utf8')).vectors.length;
    expect(readme).toMatch(new RegExp(`\\| \`${file}\` \\|[^\\n]*\\| ${count} \\|`));
  }
});
