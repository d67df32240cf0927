import { describe, expect, it } from 'vitest';
import { chatInteractively } from './chatInteractively.ts';

async function* linesOf(...lines: string[]): AsyncIterable<string> {
  yield* lines;
}

describe('chatInteractively', () => {
  it('when a person types "No gracias" to the recall, then the bot thanks, closes and the chat ends', async () => {
    let screen = '';
    await chatInteractively({ flow: 'recall', locale: 'es', channel: 'whatsapp' }, { lines: linesOf('No gracias', 'never read'), write: (text) => (screen += text) });
    expect(screen).toContain('[Agendar cita] [No gracias]');
    expect(screen).toContain('🤖 Muchas gracias, nos pondremos en contacto contigo más adelante');
    expect(screen).toContain('→ bot done (rejected); conversation closed');
  });

  it('when the person presses a button, lets the deadline pass or takes over, then the chat shows each outcome', async () => {
    let screen = '';
    await chatInteractively({ flow: 'reminder', locale: 'en', channel: 'sms' }, { lines: linesOf('/press Cancel', '/deadline'), write: (text) => (screen += text) });
    expect(screen).toContain('1. Confirm  2. Cancel');
    expect(screen).toContain('· appointment cancelled');
    expect(screen).toContain('→ bot done (notRebooking); conversation closed');
    let takeover = '';
    await chatInteractively({ flow: 'recall', locale: 'it', channel: 'whatsapp' }, { lines: linesOf('/takeover'), write: (text) => (takeover += text) });
    expect(takeover).toContain('→ bot stopped (human takeover)');
  });
});
