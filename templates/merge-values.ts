// The values a message was rendered with, kept beside it so a provider-side template (a Twilio content
// template with {{1}}, {{2}}…) can be filled with the same data: every non-empty catalogue field of the
// context, and the fields the body prints, in the order it prints them.
import Handlebars from 'handlebars';
import type { MergeContext } from './context.ts';
import { LIST_FIELD_NAMES, ROOT_FIELD_NAMES } from './fields.ts';

export interface MergeValues {
  /** The catalogue fields the body prints at its top level, each once, in order of first appearance. */
  fields: string[];
  /** Field → rendered value (`patient.firstName` → `María`); empty values are left out. */
  values: Record<string, string>;
}

export function mergeValuesOf(body: string, context: MergeContext): MergeValues {
  const values: Record<string, string> = {};
  for (const name of ROOT_FIELD_NAMES) {
    const value = valueAt(context, name);
    if (value) values[name] = value;
  }
  return { fields: printedFields(body), values };
}

/**
 * `Hola {{patient.firstName}}, {{#if x}}{{appointment.dateTime}}{{/if}}` → ['patient.firstName', 'appointment.dateTime'].
 * Fields inside {{#each}} are list items (no single value) and `#if` subjects are not printed: both are skipped.
 */
export function printedFields(body: string): string[] {
  const found: string[] = [];
  const visit = (program: hbs.AST.Program | undefined): void => {
    for (const node of program?.body ?? []) {
      if (isMustache(node)) {
        const name = isPath(node.path) && !node.path.data ? node.path.parts.join('.') : '';
        if (ROOT_FIELD_NAMES.has(name) && !LIST_FIELD_NAMES.has(name) && !found.includes(name)) found.push(name);
      } else if (isBlock(node) && node.path.original !== 'each') {
        visit(node.program);
        visit(node.inverse);
      }
    }
  };
  try {
    visit(Handlebars.parseWithoutProcessing(body));
  } catch {
    // A body that does not parse never rendered either; nothing to report.
  }
  return found;
}

function valueAt(context: MergeContext, name: string): string {
  let current: unknown = context;
  for (const part of name.split('.')) {
    current = typeof current === 'object' && current !== null && Object.hasOwn(current, part) ? Reflect.get(current, part) : undefined;
  }
  return typeof current === 'string' ? current.trim() : '';
}

function isMustache(node: hbs.AST.Node): node is hbs.AST.MustacheStatement {
  return node.type === 'MustacheStatement';
}

function isBlock(node: hbs.AST.Node): node is hbs.AST.BlockStatement {
  return node.type === 'BlockStatement';
}

function isPath(node: hbs.AST.Node): node is hbs.AST.PathExpression {
  return node.type === 'PathExpression';
}
