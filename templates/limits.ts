// Channel limits on a rendered message. Each breach names the limit and the measured value.
import type { LimitIssue } from './issues.ts';
import type { RenderedMessage } from './render.ts';
import { DEFAULT_MAX_SMS_SEGMENTS, measureSms } from './sms.ts';
import type { Channel } from './types.ts';

export const WHATSAPP_MAX_BODY = 1024;
export const WHATSAPP_MAX_BUTTONS = 3;
export const WHATSAPP_MAX_BUTTON_LENGTH = 20;
export const EMAIL_MAX_BODY = 65_535;

export interface LimitOptions {
  /** The clinic-wide maximum of SMS segments per message. */
  maxSmsSegments?: number;
}

export function checkChannelLimits(message: RenderedMessage, channel: Channel, options: LimitOptions = {}): LimitIssue[] {
  const issues: LimitIssue[] = [];
  const buttons = message.buttons ?? [];
  switch (channel) {
    case 'sms': {
      const max = options.maxSmsSegments ?? DEFAULT_MAX_SMS_SEGMENTS;
      const sms = measureSms(message.text);
      if (sms.segments > max) {
        issues.push({
          code: 'limit_exceeded', field: 'body', limitName: 'sms.maxSegments', limit: max, measured: sms.segments, unit: 'segments',
          message: `body: the SMS takes ${sms.segments} segments (${sms.encoding}) with sample data; the clinic allows at most ${max}`,
        });
      }
      break;
    }
    case 'whatsapp': {
      const length = [...message.text].length;
      if (length > WHATSAPP_MAX_BODY) {
        issues.push(limit('body', 'whatsapp.bodyLength', WHATSAPP_MAX_BODY, length, 'characters', `body: the WhatsApp message has ${length} characters; the limit is ${WHATSAPP_MAX_BODY}`));
      }
      if (buttons.length > WHATSAPP_MAX_BUTTONS) {
        issues.push(limit('buttons', 'whatsapp.buttonCount', WHATSAPP_MAX_BUTTONS, buttons.length, 'buttons', `buttons: ${buttons.length} quick-reply buttons; WhatsApp allows at most ${WHATSAPP_MAX_BUTTONS}`));
      }
      buttons.forEach((button, index) => {
        const size = [...button].length;
        if (size > WHATSAPP_MAX_BUTTON_LENGTH) {
          issues.push(limit(`buttons[${index}]`, 'whatsapp.buttonLength', WHATSAPP_MAX_BUTTON_LENGTH, size, 'characters', `buttons[${index}]: "${button}" has ${size} characters; a WhatsApp button allows at most ${WHATSAPP_MAX_BUTTON_LENGTH}`));
        }
      });
      break;
    }
    case 'email': {
      const subject = message.subject?.trim() ?? '';
      if (subject.length === 0) {
        issues.push(limit('subject', 'email.subjectRequired', 1, 0, 'characters', 'subject: an email needs a subject'));
      }
      const length = [...message.text].length;
      if (length > EMAIL_MAX_BODY) {
        issues.push(limit('body', 'email.bodyLength', EMAIL_MAX_BODY, length, 'characters', `body: the email has ${length} characters; the limit is ${EMAIL_MAX_BODY}`));
      }
      break;
    }
    case 'voice':
      break;
  }
  return issues;
}

function limit(field: LimitIssue['field'], limitName: LimitIssue['limitName'], max: number, measured: number, unit: LimitIssue['unit'], message: string): LimitIssue {
  return { code: 'limit_exceeded', field, limitName, limit: max, measured, unit, message };
}
