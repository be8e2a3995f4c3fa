// The validator that checks answers (and chat requests) against the document's schemas.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as adminOperations from '../../generated/admin-operations.js';
import * as clientOperations from '../../generated/operations.js';
import { passesCode } from '../../scripts/passes.mjs';
import { KEYWORDS, type Schema, validate } from '../../src/core/validate.js';
import { deref, documentedExamples, spec } from '../support/spec.js';

/** Every schema node below `s`, following properties, items and combinators. */
function* nodes(s: Schema): Generator<Schema> {
  yield s;
  for (const sub of Object.values(s.properties ?? {})) yield* nodes(sub);
  if (s.items) yield* nodes(s.items);
  if (typeof s.additionalProperties === 'object') yield* nodes(s.additionalProperties);
  for (const sub of [...(s.anyOf ?? []), ...(s.allOf ?? [])]) yield* nodes(sub);
}

const operations = { ...clientOperations, ...adminOperations };

/** Each operation's response schema, by operationId. */
const responses = new Map(Object.entries(operations).flatMap(([id, e]) => ('response' in e && e.response ? [[id, e.response]] : [])));
/** Every schema the generated table carries: responses, stream frames, request bodies. */
const roots = Object.values(operations).flatMap((e) => ('schema' in e ? [e.schema] : [e.response, e.chunk].filter((x) => x !== undefined)));

describe('the validator covers the document', () => {
  it('knows every keyword the generated schemas use (references are inlined: no $ref)', () => {
    const used = new Set<string>();
    for (const root of roots) for (const n of nodes(root)) for (const k of Object.keys(n)) used.add(k);
    expect(roots.length).toBeGreaterThan(15);
    expect([...used].filter((k) => !(KEYWORDS as readonly string[]).includes(k))).toEqual([]);
  });

  it('accepts every documented success example', () => {
    const ok = documentedExamples().filter((e) => /^2/.test(e.status) && e.mediaType === 'application/json');
    expect(ok.length).toBeGreaterThan(10);
    for (const ex of ok) {
      const media = deref(spec.paths[ex.path][ex.method].responses[ex.status]).content['application/json'];
      expect(media.schema).toBeDefined();
      const response = responses.get(ex.operationId);
      expect(response, ex.operationId).toBeDefined();
      expect(validate(ex.value, response!), `${ex.operationId} ${ex.status}`).toEqual([]);
    }
  });
});

/** `value` with the leaf at each path in turn given a value of another kind (and each object field removed). */
function* spoiled(value: unknown): Generator<unknown> {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) for (const v of spoiled(value[i])) yield value.map((x, j) => (j === i ? v : x));
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, x] of Object.entries(value)) {
      const { [k]: _, ...without } = value as Record<string, unknown>;
      yield without;
      for (const v of spoiled(x)) yield { ...value, [k]: v };
    }
  } else for (const v of ['x', 5, 1.5, true, null, [], {}]) if (v !== value) yield v;
}

/** `passesCode`'s TypeScript as a function, to try it on every schema and not only the chunk's. */
function compiled(schema: Schema): (value: unknown) => boolean {
  const js = passesCode('check', schema).replaceAll('(v: any): boolean', '(v)');
  return new Function(`${js}\nreturn check;`)();
}

/** Every compat stream frame the real gateway sent (test/fixtures/observed), as values. */
const capturedChunks = readdirSync(new URL('../fixtures/observed', import.meta.url))
  .flatMap((file) => readFileSync(new URL(`../fixtures/observed/${file}`, import.meta.url), 'utf8').split('\n'))
  .filter((line) => line.startsWith('data: {') && line.includes('chat.completion.chunk'))
  .map((line) => JSON.parse(line.slice(6)));

describe('the check generated as code (scripts/passes.mjs) agrees with validate()', () => {
  it("on every captured compat chunk, spoiled leaf by leaf: chatCompletions's chunkPasses", () => {
    const chunk = clientOperations.chatCompletions.chunk!;
    const chunkPasses = clientOperations.chatCompletions.chunkPasses!;
    // The captures hold a role chunk, content chunks, a finish chunk and a usage chunk (`choices: []`).
    expect(capturedChunks.length).toBeGreaterThan(10);
    expect(capturedChunks.some((c) => c.usage && c.choices.length === 0)).toBe(true);
    let refused = 0;
    let total = 0;
    for (const captured of capturedChunks) {
      expect(chunkPasses(captured)).toBe(true);
      for (const value of spoiled(captured)) {
        total++;
        const issues = validate(value, chunk);
        expect(chunkPasses(value), `${JSON.stringify(value).slice(0, 200)}: ${JSON.stringify(issues)}`).toBe(issues.length === 0);
        if (issues.length) refused++;
      }
    }
    // Both kinds: spoiled chunks the schema refuses, and ones it allows (a null content, a missing finish_reason).
    expect(refused).toBeGreaterThan(100);
    expect(total - refused).toBeGreaterThan(10);
  });

  it('on every response schema it can write, over the documented examples spoiled leaf by leaf', () => {
    const ok = documentedExamples().filter((e) => /^2/.test(e.status) && e.mediaType === 'application/json');
    let written = 0;
    let values = 0;
    for (const ex of ok) {
      const schema = responses.get(ex.operationId)!;
      let passes: (value: unknown) => boolean;
      try {
        passes = compiled(schema);
      } catch (error) {
        // The one it leaves: a map of strings (readiness's checks), never a streamed frame.
        expect(String(error)).toMatch(/additionalProperties as a schema/);
        continue;
      }
      written++;
      for (const value of [ex.value, ...spoiled(ex.value)]) {
        values++;
        expect(passes(value), `${ex.operationId}: ${JSON.stringify(value).slice(0, 200)}`).toBe(validate(value, schema).length === 0);
      }
    }
    expect(written).toBeGreaterThan(10);
    expect(values).toBeGreaterThan(500);
  });

  it('refuses to write what it would get wrong, rather than pass it', () => {
    const cases: Array<[Schema, RegExp]> = [
      [{ type: 'string', minLength: 1 }, /keyword minLength/],
      [{ type: 'number', enum: [1] }, /keyword enum/],
      [{ type: 'object', additionalProperties: { type: 'string' } }, /additionalProperties as a schema/],
      [{ properties: { a: { type: 'string' } } }, /may not be an object/],
      [{ type: ['object', 'null'], properties: { a: {} } }, /may not be an object/],
      [{ items: { type: 'string' } }, /may not be an array/],
      [{ type: 'object', properties: { constructor: { type: 'string' } } }, /property name constructor/],
      [{ type: 'object', properties: { 'a-b': { type: 'string' } } }, /property name a-b/],
      [{ type: 'date' as string }, /the type date/],
    ];
    for (const [schema, message] of cases) expect(() => passesCode('x', schema), JSON.stringify(schema)).toThrow(message);
  });

  it('checks a required field with no type for presence, and an optional one only when there', () => {
    const passes = compiled({ type: 'object', properties: { any: {}, maybe: { type: 'integer' } }, required: ['any'] });
    expect([{ any: null }, { any: 0, maybe: 2 }, { any: 'x', extra: 1 }].map(passes)).toEqual([true, true, true]);
    expect([{}, { maybe: 2 }, { any: 1, maybe: 1.5 }, { any: 1, maybe: null }, null, []].map(passes)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('what it reports', () => {
  const obj: Schema = {
    type: 'object',
    required: ['id', 'n', 'tags'],
    properties: {
      id: { type: 'string', minLength: 2 },
      n: { type: 'integer', minimum: 1, maximum: 3 },
      tags: { type: 'array', items: { type: 'string' }, maxItems: 2 },
      kind: { type: 'string', enum: ['a', 'b'] },
      price: { anyOf: [{ type: 'object', required: ['usd'], properties: { usd: { type: 'number' } } }, { type: 'null' }] },
      extra: { type: 'object', additionalProperties: { type: 'string' } },
    },
  };
  it.each([
    ['a valid value', { id: 'ab', n: 2, tags: [] }, []],
    ['unknown fields pass', { id: 'ab', n: 2, tags: [], other: { deep: 1 } }, []],
    ['a missing field', { id: 'ab', tags: [] }, ['n: missing']],
    ['a wrong type', { id: 'ab', n: '2', tags: [] }, ['n: expected integer, got string']],
    ['a fraction where an integer goes', { id: 'ab', n: 1.5, tags: [] }, ['n: expected integer, got number']],
    ['below the minimum', { id: 'ab', n: 0, tags: [] }, ['n: expected at least 1']],
    ['above the maximum', { id: 'ab', n: 4, tags: [] }, ['n: expected at most 3']],
    ['too short a string', { id: 'a', n: 2, tags: [] }, ['id: expected at least 2 characters']],
    ['too many items', { id: 'ab', n: 2, tags: ['x', 'y', 'z'] }, ['tags: expected at most 2 item(s)']],
    ['a wrong item, with its index', { id: 'ab', n: 2, tags: ['x', 5] }, ['tags[1]: expected string, got number']],
    ['outside an enum', { id: 'ab', n: 2, tags: [], kind: 'c' }, ['kind: expected one of "a", "b"']],
    ['null where X or null goes', { id: 'ab', n: 2, tags: [], price: null }, []],
    [
      "a broken X where X or null goes names X's field",
      { id: 'ab', n: 2, tags: [], price: { usd: 'x' } },
      ['price.usd: expected number, got string'],
    ],
    ['additionalProperties as a schema', { id: 'ab', n: 2, tags: [], extra: { a: 'x', b: 2 } }, ['extra.b: expected string, got number']],
    ['not an object at all', [1], ['(whole): expected object, got array']],
  ])('%s', (_label, value, expected) => {
    const issues = validate(value, obj).map((i) => `${i.path || '(whole)'}: ${i.message}`);
    expect(issues).toEqual(expected);
  });

  it('stops at the limit', () => {
    expect(validate({}, obj, 2)).toHaveLength(2);
  });

  it('never quotes a value', () => {
    const secret = 'llmg_supersecretvalue';
    const issues = validate({ id: 5, n: secret, tags: secret, kind: secret, fixed: secret }, obj);
    expect(JSON.stringify(issues)).not.toContain(secret);
  });
});
