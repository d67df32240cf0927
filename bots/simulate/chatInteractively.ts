// The simulator as a chat: the bot's messages are printed, each line typed is the patient's reply.
// "/press <label>" presses a button, "/deadline" lets the reply window run out, "/takeover" is a person taking
// the conversation, "/quit" leaves. Ends by itself when the flow is over.
import type { BotLocale, FlowName, TemplateEvent } from '../ports.ts';
import { handleDeadline } from '../engine/handleDeadline.ts';
import { handleInbound } from '../engine/handleInbound.ts';
import { startFlow } from '../engine/startFlow.ts';
import { stopFlow } from '../engine/stopFlow.ts';
import { createMemoryPorts, type SimulatedChannel, type SimulatedMessage } from './memoryPorts.ts';

export interface ChatOptions {
  flow: FlowName;
  locale: BotLocale;
  channel: SimulatedChannel;
  renderTemplate?: (event: TemplateEvent, locale: BotLocale) => string;
}

const CONVERSATION_ID = 'conversation-1';
const PROMPT = '🙂 > ';

/** Where the chat reads the patient's lines and writes the conversation (a terminal, or a test). */
export interface ChatIo {
  lines: AsyncIterable<string>;
  write(text: string): void;
}

export async function chatInteractively(options: ChatOptions, io: ChatIo): Promise<void> {
  const { ports, world } = createMemoryPorts({ channel: options.channel, ...(options.renderTemplate ? { renderTemplate: options.renderTemplate } : {}) });
  const session = await startFlow(ports, {
    conversationId: CONVERSATION_ID,
    flow: options.flow,
    locale: options.locale,
    appointmentId: 'appointment-1',
    recallId: 'recall-1',
  });
  let printed = 0;
  const printNew = () => {
    for (const message of world.messages.slice(printed)) io.write(formatMessage(message));
    printed = world.messages.length;
  };
  printNew();
  const playLine = async (line: string) => {
    if (line === '/deadline') {
      const deadlineAt = world.sessions.get(session.id)?.deadlineAt;
      if (deadlineAt) world.now = new Date(deadlineAt.getTime() + 1);
      await handleDeadline(ports, session.id);
    } else if (line === '/takeover') {
      await stopFlow(ports, CONVERSATION_ID, 'human takeover');
    } else if (line.startsWith('/press ')) {
      await handleInbound(ports, { conversationId: CONVERSATION_ID, button: line.slice('/press '.length) });
    } else {
      await handleInbound(ports, { conversationId: CONVERSATION_ID, text: line });
    }
  };
  const isActive = () => world.sessions.get(session.id)?.status === 'active';
  if (isActive()) {
    io.write(PROMPT);
    // Reading lines as a stream works the same typed at a terminal or piped from a file.
    for await (const raw of io.lines) {
      const line = raw.trim();
      if (line === '/quit') break;
      await playLine(line);
      printNew();
      if (!isActive()) break;
      io.write(PROMPT);
    }
  }
  const final = world.sessions.get(session.id);
  const conversation = world.conversations.get(CONVERSATION_ID);
  io.write(`\n→ bot ${final?.status ?? 'gone'} (${final?.endReason ?? 'still waiting'}); conversation ${conversation?.state ?? 'bot'}\n`);
}

function formatMessage(message: SimulatedMessage): string {
  if (message.author === 'system') return `   · ${message.text}\n`;
  const buttons = message.buttons ? `\n   [${message.buttons.join('] [')}]` : '';
  return `🤖 ${message.text}${buttons}\n`;
}
