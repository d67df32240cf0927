// Finds every variable a template uses (by walking the Handlebars syntax tree, not by regex) and reports
// the ones outside the catalogue, with the closest known name. Only {{#if}}, {{#unless}} and
// {{#each appointments}} blocks are allowed: they are all a clinic needs, and all the renderer compiles.
import Handlebars from 'handlebars';
import { ITEM_FIELD_NAMES, LIST_FIELD_NAMES, ROOT_FIELD_NAMES } from './fields.ts';
import { legacyFieldFor } from './legacy/translate.ts';
import type { SyntaxIssue, TemplateIssue, TemplatePart, UnknownFieldIssue } from './issues.ts';
import { closestName } from './suggest.ts';

type Scope = 'root' | 'item';
type Node = hbs.AST.Node;

export function checkTemplateFields(source: string, part: TemplatePart = 'body'): TemplateIssue[] {
  let program: hbs.AST.Program;
  try {
    program = Handlebars.parseWithoutProcessing(source);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return [{ code: 'syntax_error', field: part, message: `${part}: the template cannot be read (${reason})` }];
  }
  const issues: TemplateIssue[] = [];
  walkProgram(program, 'root', part, issues);
  return issues;
}

function walkProgram(program: hbs.AST.Program | undefined, scope: Scope, part: TemplatePart, issues: TemplateIssue[]): void {
  for (const statement of program?.body ?? []) walkStatement(statement, scope, part, issues);
}

function walkStatement(node: Node, scope: Scope, part: TemplatePart, issues: TemplateIssue[]): void {
  if (node.type === 'ContentStatement' || node.type === 'CommentStatement') return;
  if (isMustache(node)) {
    if (!isPath(node.path) || node.params.length > 0 || node.hash?.pairs.length) {
      issues.push(unsupported(part, 'helpers and literals are not available; write a merge field such as {{patient.firstName}}'));
      return;
    }
    if (scope === 'root' && LIST_FIELD_NAMES.has(node.path.original)) {
      issues.push(unsupported(part, `{{${node.path.original}}} is a list; use {{#each ${node.path.original}}} … {{/each}}`));
      return;
    }
    checkPath(node.path, scope, part, issues);
    return;
  }
  if (isBlock(node)) {
    walkBlock(node, scope, part, issues);
    return;
  }
  issues.push(unsupported(part, `${node.type} is not supported in templates (no partials or decorators)`));
}

function walkBlock(block: hbs.AST.BlockStatement, scope: Scope, part: TemplatePart, issues: TemplateIssue[]): void {
  const helper = block.path.original;
  const [subject] = block.params;
  if (!['if', 'unless', 'each'].includes(helper) || block.params.length !== 1 || !subject || !isPath(subject)) {
    issues.push(unsupported(part, `{{#${helper}}} is not supported; use {{#if field}}, {{#unless field}} or {{#each appointments}}`));
    return;
  }
  if (helper === 'each') {
    if (scope !== 'root' || !LIST_FIELD_NAMES.has(subject.original)) {
      issues.push(unsupported(part, `{{#each ${subject.original}}}: only {{#each appointments}} is a list`));
      return;
    }
    walkProgram(block.program, 'item', part, issues);
    walkProgram(block.inverse, scope, part, issues);
    return;
  }
  if (!(scope === 'root' && LIST_FIELD_NAMES.has(subject.original))) checkPath(subject, scope, part, issues);
  walkProgram(block.program, scope, part, issues);
  walkProgram(block.inverse, scope, part, issues);
}

function checkPath(path: hbs.AST.PathExpression, scope: Scope, part: TemplatePart, issues: TemplateIssue[]): void {
  const name = path.parts.join('.');
  if (path.data) {
    if (path.parts[0] === 'root' && ROOT_FIELD_NAMES.has(path.parts.slice(1).join('.'))) return;
    if (scope === 'item' && ['index', 'first', 'last'].includes(name)) return;
    issues.push(unknownField(`@${name}`, ROOT_FIELD_NAMES, part));
    return;
  }
  const effective: Scope = path.depth > 0 ? 'root' : scope;
  const known = effective === 'root' ? ROOT_FIELD_NAMES : ITEM_FIELD_NAMES;
  if (name !== '' && known.has(name) && !LIST_FIELD_NAMES.has(name)) return;
  issues.push(unknownField(path.original, known, part));
}

function unknownField(name: string, known: ReadonlySet<string>, part: TemplatePart): UnknownFieldIssue {
  // A legacy name pasted between braces ({{CLIENTFIRSTNAME}}, {{TRD3}}) has an exact answer; otherwise the closest name.
  const suggestion = (known === ROOT_FIELD_NAMES ? legacyFieldFor(name) : undefined) ?? closestName(name, [...known].filter((candidate) => !LIST_FIELD_NAMES.has(candidate)));
  const hint = suggestion ? ` Did you mean {{${suggestion}}}?` : '';
  return { code: 'unknown_field', field: part, name, suggestion, message: `${part}: unknown merge field {{${name}}}.${hint}` };
}

function unsupported(part: TemplatePart, message: string): SyntaxIssue {
  return { code: 'unsupported_syntax', field: part, message: `${part}: ${message}` };
}

function isMustache(node: Node): node is hbs.AST.MustacheStatement {
  return node.type === 'MustacheStatement';
}

function isBlock(node: Node): node is hbs.AST.BlockStatement {
  return node.type === 'BlockStatement';
}

function isPath(node: Node): node is hbs.AST.PathExpression {
  return node.type === 'PathExpression';
}
