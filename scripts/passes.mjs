// A schema's check written as code, for the one value checked hundreds of times a call: a streamed chunk.
// src/core/validate.ts walks a schema as data, reading keywords off objects of dozens of shapes (about 290 ns a chunk);
// code with the schema's property names written in (`v.choices`) is read by V8's inline caches (about 15 ns). It says
// only whether a value passes, and agrees with validate() on that (test/unit/validate.test.ts checks it); a value it
// refuses goes to validate() for its issues. It writes the keywords a response's shape uses and refuses any other, so
// a document that starts using one fails the generator, not a client.

// What this writes as code: listed here, not taken from generate.mjs's list of kept keywords, so that a keyword added
// there is refused here until it is written.
const SHAPE = ['type', 'properties', 'required', 'requiredAll', 'additionalProperties', 'items', 'anyOf', 'allOf'];
const NAME = /^[A-Za-z_$][\w$]*$/;

/**
 * TypeScript declaring `name` as `(value: unknown) => boolean`, the check of `schema`, with one helper function per
 * array's items (`${name}1`, ...): passed to `every`, they are made once, not per value.
 */
export function passesCode(name, schema) {
  const functions = [];
  const declare = (s) => {
    const id = functions.length ? `${name}${functions.length}` : name;
    functions.push('');
    const at = functions.length - 1;
    functions[at] = `const ${id} = (v: any): boolean => ${expression(s, 'v')};`;
    return id;
  };

  function expression(s, x) {
    const unknown = Object.keys(s).find((key) => !SHAPE.includes(key));
    if (unknown) throw new Error(`passesCode(${name}): the keyword ${unknown} is not written as code`);
    const parts = [];
    if (s.allOf) parts.push(...s.allOf.map((part) => expression(part, x)));
    if (s.anyOf) parts.push(`(${s.anyOf.map((choice) => expression(choice, x)).join(' || ')})`);
    if (s.type !== undefined) parts.push(typeCheck(s.type, x));
    if (typeof s.additionalProperties === 'object') throw new Error(`passesCode(${name}): additionalProperties as a schema`);
    if (s.properties || s.required) {
      if (s.type !== 'object') throw new Error(`passesCode(${name}): properties on a value that may not be an object`);
      const properties = s.properties ?? {};
      const required = s.requiredAll ? Object.keys(properties) : (s.required ?? []);
      for (const key of new Set([...Object.keys(properties), ...required])) {
        // A name Object.prototype has (`constructor`) would read the prototype's value where validate() sees none.
        if (!NAME.test(key) || key in Object.prototype) throw new Error(`passesCode(${name}): the property name ${key}`);
        const field = `${x}.${key}`;
        const check = properties[key] ? expression(properties[key], field) : 'true';
        if (!required.includes(key)) parts.push(`(${field} === undefined || ${check})`);
        // Every type check refuses undefined; a field with none (any value) must still be there.
        else parts.push(properties[key]?.type !== undefined ? check : `${field} !== undefined && ${check}`);
      }
    }
    if (s.items) {
      if (s.type !== 'array') throw new Error(`passesCode(${name}): items on a value that may not be an array`);
      parts.push(`${x}.every(${declare(s.items)})`);
    }
    return parts.length ? parts.join(' && ') : 'true';
  }

  declare(schema);
  return functions.join('\n');
}

function typeCheck(type, x) {
  if (Array.isArray(type)) return `(${type.map((t) => typeCheck(t, x)).join(' || ')})`;
  switch (type) {
    case 'null':
      return `${x} === null`;
    case 'integer':
      return `Number.isInteger(${x})`;
    case 'number':
      return `Number.isFinite(${x})`;
    case 'object':
      return `(typeof ${x} === 'object' && ${x} !== null && !Array.isArray(${x}))`;
    case 'array':
      return `Array.isArray(${x})`;
    case 'string':
    case 'boolean':
      return `typeof ${x} === '${type}'`;
    default:
      throw new Error(`passesCode: the type ${type}`);
  }
}
