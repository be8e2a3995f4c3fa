// Adding an operation to the document gives the mock its route and its request checks with no hand edit: the test adds
// one to a copy of the document, generates from it, and reads the new route's entry and checks.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { checksFor, type RouteEntry } from '../../src/testing/checks.js';

const root = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'omnigate-derived-'));
let entry: RouteEntry & { method: string; pattern: string; auth: string };

beforeAll(async () => {
  const document = parse(readFileSync(join(root, 'openapi/omnigate.yaml'), 'utf8'));
  document.paths['/v1/widgets/{widget_id}'] = {
    put: {
      operationId: 'putWidget',
      summary: 'A widget',
      tags: ['account'],
      parameters: [{ name: 'widget_id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['name'],
              properties: {
                name: { type: 'string', minLength: 1, maxLength: 10 },
                size: { type: ['integer', 'null'], minimum: 1 },
                tags: { type: 'array', maxItems: 2, items: { type: 'string' } },
                colour: { type: 'string', enum: ['red', 'blue'] },
              },
            },
          },
        },
      },
      responses: { '204': { description: 'Stored' } },
    },
  };
  writeFileSync(join(dir, 'omnigate.yaml'), stringify(document));
  execFileSync(process.execPath, ['scripts/generate.mjs', '--spec', join(dir, 'omnigate.yaml'), '--out', join(dir, 'generated')], {
    cwd: root,
    stdio: 'pipe',
  });
  const { routes } = await import(join(dir, 'generated/routes.ts'));
  entry = routes.find((r: { id: string }) => r.id === 'putWidget');
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('an operation added to the document', () => {
  it('is routed by its method and path, with the key its security asks for', () => {
    expect(entry).toMatchObject({ method: 'PUT', auth: 'key' });
    const pattern = new RegExp(entry.pattern);
    expect(pattern.exec('/v1/widgets/0b0e6a1e-4b7e-4a57-9d44-1a2b3c4d5e6f')?.[1]).toBe('0b0e6a1e-4b7e-4a57-9d44-1a2b3c4d5e6f');
    expect(pattern.test('/v1/widgets/a/b')).toBe(false);
  });

  it('has its body checked as the gateway would, with pydantic’s types and places', () => {
    const { body, params } = checksFor(entry);
    const check = (value: unknown) => body!(value, ['body']).map((p) => [p.type, ...p.loc]);
    expect(check({ name: 'w' })).toEqual([]);
    expect(check({ name: 'w', size: null, tags: ['a'], colour: 'red' })).toEqual([]);
    expect(check({})).toEqual([['missing', 'body', 'name']]);
    expect(check({ name: '', size: 0, tags: ['a', 'b', 'c'], colour: 'green' })).toEqual([
      ['string_too_short', 'body', 'name'],
      ['greater_than_equal', 'body', 'size'],
      ['too_long', 'body', 'tags'],
      ['literal_error', 'body', 'colour'],
    ]);
    expect(check({ name: 'w', size: 1.5, tags: [1] })).toEqual([
      ['int_from_float', 'body', 'size'],
      ['string_type', 'body', 'tags', 0],
    ]);
    expect(params.map((p) => [p.in, p.name, p.rule('nope', [p.in, p.name])[0]?.type])).toEqual([['path', 'widget_id', 'uuid_parsing']]);
  });
});
