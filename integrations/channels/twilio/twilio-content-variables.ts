// Fills a Twilio content template's variables ({{1}}, {{2}}… as `ContentVariables`) with the values our own
// template was rendered with. Twilio falls back to the template's sample values for any variable not sent,
// and refuses an empty one (error 21656), so empty values are left out.
import type { OutboundMessage } from '../channel.ts';
import type { TwilioContentTemplate } from './twilio-config.ts';

/** Variable → value; {} when there is nothing to fill. */
export function twilioContentVariables(template: TwilioContentTemplate, merge: OutboundMessage['merge']): Record<string, string> {
  if (!merge) return {};
  // The plain SID: {{1}} is the first field our template prints, {{2}} the second…
  const mapping = typeof template === 'string' ? Object.fromEntries(merge.fields.map((field, index) => [String(index + 1), field])) : template.variables;
  const variables: Record<string, string> = {};
  for (const [variable, field] of Object.entries(mapping)) {
    const value = merge.values[field]?.trim();
    if (value) variables[variable] = value;
  }
  return variables;
}

export function contentSidOf(template: TwilioContentTemplate): string {
  return typeof template === 'string' ? template : template.sid;
}
