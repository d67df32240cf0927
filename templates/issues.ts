// What validation reports. Each issue names the part of the template it concerns (`field`) so the API can
// answer 400 with {"error": {"code", "message", "field"}} and, for limits, the limit and the measured value.

/** "body", "subject" or "buttons[0]"… */
export type TemplatePart = 'body' | 'subject' | `buttons[${number}]` | 'buttons';

export interface UnknownFieldIssue {
  code: 'unknown_field';
  field: TemplatePart;
  /** The variable as written, e.g. "patient.fistName". */
  name: string;
  /** The closest catalogue field, e.g. "patient.firstName". */
  suggestion: string | undefined;
  message: string;
}

export interface SyntaxIssue {
  code: 'syntax_error' | 'unsupported_syntax';
  field: TemplatePart;
  message: string;
}

export type LimitName =
  | 'sms.maxSegments'
  | 'whatsapp.bodyLength'
  | 'whatsapp.buttonCount'
  | 'whatsapp.buttonLength'
  | 'email.subjectRequired'
  | 'email.bodyLength'
  | 'buttons.notSupported'
  | 'body.required';

export interface LimitIssue {
  code: 'limit_exceeded';
  field: TemplatePart;
  limitName: LimitName;
  limit: number;
  measured: number;
  unit: 'segments' | 'characters' | 'buttons';
  message: string;
}

export type TemplateIssue = UnknownFieldIssue | SyntaxIssue | LimitIssue;
