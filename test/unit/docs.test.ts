// The API reference shows how to use each thing: every class and function an entry point exports, and every public
// method of those classes, carries an @example (TypeDoc renders it).
import { resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
/** The package's entry points: the root and each subpath. */
const ENTRY_POINTS = ['src/index.ts', 'src/fetch.ts', 'src/ai.ts', 'src/testing.ts', 'src/otel.ts', 'src/mcp.ts'];

const hasExample = (node: ts.Node) => ts.getJSDocTags(node).some((tag) => tag.tagName.text === 'example');

function undocumented(): string[] {
  const program = ts.createProgram(
    ENTRY_POINTS.map((e) => resolve(root, e)),
    { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, strict: true },
  );
  const checker = program.getTypeChecker();
  const missing = new Set<string>();
  for (const entry of ENTRY_POINTS) {
    const module = checker.getSymbolAtLocation(program.getSourceFile(resolve(root, entry))!)!;
    for (const exported of checker.getExportsOfModule(module)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      for (const declaration of symbol.declarations ?? []) {
        if (ts.isFunctionDeclaration(declaration) && !hasExample(declaration)) missing.add(`${exported.name}()`);
        if (!ts.isClassDeclaration(declaration)) continue;
        if (!hasExample(declaration)) missing.add(`class ${exported.name}`);
        const methods = new Map<string, boolean>();
        for (const member of declaration.members) {
          if (!ts.isMethodDeclaration(member) || ts.isPrivateIdentifier(member.name)) continue;
          if (ts.getCombinedModifierFlags(member) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) continue;
          const name = member.name.getText();
          methods.set(name, (methods.get(name) ?? false) || hasExample(member));
        }
        for (const [name, documented] of methods) if (!documented) missing.add(`${exported.name}.${name}()`);
      }
    }
  }
  return [...missing];
}

describe('the API reference', () => {
  it('has an @example on every exported class and function, and every public method', () => {
    expect(undocumented()).toEqual([]);
  });
});

describe('the README', () => {
  it('links only to files the package ships, or absolutely (the npm page shows it without the repository)', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(resolve(root, 'README.md'), 'utf8');
    const { files } = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { files: string[] };
    const relative = [...readme.matchAll(/\]\(([^)#]+)(?:#[^)]*)?\)/g)].map((m) => m[1]!).filter((link) => !/^https?:\/\//.test(link));
    expect(relative.filter((link) => !files.some((shipped) => link === shipped || link.startsWith(`${shipped}/`)))).toEqual([]);
  });

  it('names no file that no longer exists', async () => {
    const { existsSync, readFileSync } = await import('node:fs');
    const readme = readFileSync(resolve(root, 'README.md'), 'utf8');
    const named = [
      ...readme.matchAll(/`((?:src|generated|scripts|test|bench|docs|openapi|examples)\/[\w./-]+\.(?:ts|mjs|md|json|yaml))`/g),
    ].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(3);
    expect(named.filter((file) => !existsSync(resolve(root, file)))).toEqual([]);
  });
});
