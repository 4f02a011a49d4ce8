import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const RENDERER = resolve(import.meta.dirname, '../../src/renderer/src');

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? tsxFiles(path) : entry.name.endsWith('.tsx') ? [path] : [];
  });
}

/** Elements a sentence may hold: bold, emphasis, a span of text. */
const INLINE = new Set(['b', 'strong', 'em', 'i', 'span', 'code']);

type Element = ts.JsxElement | ts.JsxSelfClosingElement;
const opening = (el: Element) => (ts.isJsxElement(el) ? el.openingElement : el);
const isInline = (el: Element) => {
  const tag = opening(el).tagName.getText();
  return INLINE.has(tag) || (tag === 'Text' && opening(el).attributes.properties.some((a) => a.name?.getText() === 'span'));
};
const isTranslation = (node: ts.Node | undefined) => !!node && ts.isCallExpression(node) && ts.isIdentifier(node.expression) && ['t', 'st'].includes(node.expression.text);
const isBlank = (child: ts.JsxChild) =>
  (ts.isJsxText(child) && child.text.trim() === '') || (ts.isJsxExpression(child) && (!child.expression || (ts.isStringLiteral(child.expression) && child.expression.text.trim() === '')));

/** True when the node holds an element that is not inline (a Badge, a Button): the text around it is not one sentence. */
function holdsBlock(node: ts.Node): boolean {
  if ((ts.isJsxElement(node) || ts.isJsxSelfClosingElement(node)) && !isInline(node)) return true;
  return ts.forEachChild(node, (child) => (holdsBlock(child) ? true : undefined)) ?? false;
}

/**
 * Sentences in pieces: an element of inline content where a translated piece (`st('…')`, or one in
 * bold) sits next to other text, or a bold label next to literal text. Each should be one key,
 * with <Trans> for the markup inside it (docs/I18N.md).
 */
export function fragments(name: string, code: string): string[] {
  const source = ts.createSourceFile(name, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isJsxElement(node)) {
      const children = node.children.filter((child) => !isBlank(child));
      const translated = children.some((c) => (ts.isJsxExpression(c) && isTranslation(c.expression)) || (ts.isJsxElement(c) && c.children.some((g) => ts.isJsxExpression(g) && isTranslation(g.expression))));
      const boldLabel = children.some((c) => ts.isJsxElement(c) && isInline(c)) && children.some((c) => ts.isJsxText(c) && c.text.trim() !== '');
      if (children.length >= 2 && (translated || boldLabel) && !children.some(holdsBlock)) {
        found.push(`${name}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

// Parsing every screen takes seconds on a busy machine.
describe('sentences are whole in the catalogue', { timeout: 60_000 }, () => {
  it('no screen builds a sentence from translated pieces around bold labels or values', () => {
    const files = tsxFiles(RENDERER);
    expect(files.length).toBeGreaterThan(100);
    expect(files.flatMap((path) => fragments(relative(RENDERER, path), readFileSync(path, 'utf8')))).toEqual([]);
  });

  it('finds pieces around a bold label or a value, and lets a whole sentence, Trans and a label beside a button pass', () => {
    const code = `
      const a = <Text><b>{st('x.label')}</b> {value}</Text>;
      const b = <Text>{st('x.born')}{' '}{date}{' '}{st('x.age')}</Text>;
      const c = <Text span><strong>{name}</strong> (synthetic): {statement}</Text>;
      const d = <Text>{st('x.whole', { date })}</Text>;
      const e = <Text><Trans t={st} i18nKey="x.bold" components={{ b: <b /> }} /></Text>;
      const f = <Group>{st('x.days', { days })} {late && <Badge>{st('x.late')}</Badge>}</Group>;`;
    expect(fragments('sample.tsx', code)).toEqual(['sample.tsx:2', 'sample.tsx:3', 'sample.tsx:4']);
  });
});
