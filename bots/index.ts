// What the server imports from bots/. Everything else is internal.
export type { BotPorts, BotSession, BotEvent, BotLocale, FlowName, SessionStatus, SendTemplateOptions, TemplateEvent } from './ports.ts';
export { FLOW_NAMES, BOT_LOCALES } from './ports.ts';
export type { BotCommand } from './flows/commands.ts';
export { HANDOVER_REASONS } from './flows/commands.ts';
export type { FlowStartParams } from './flows/registry.ts';
export { startFlow } from './engine/startFlow.ts';
export { handleInbound, type InboundMessage, type InboundResult } from './engine/handleInbound.ts';
export { handleDeadline, type DeadlineResult } from './engine/handleDeadline.ts';
export { stopFlow } from './engine/stopFlow.ts';
export { BotFlowError, type BotFlowErrorCode } from './engine/BotFlowError.ts';
export { shouldAutoReply, type AutoReplyInput, type AutoReplyEvent, type OpeningHours } from './flows/auto-reply/shouldAutoReply.ts';
export { detectOptKeyword, type OptKeyword } from './understand/detectOptKeyword.ts';
export { understandChoice } from './understand/understandChoice.ts';
export { parseSurveyScore } from './understand/parseSurveyScore.ts';
export { createMemoryPorts, type MemoryWorld } from './simulate/memoryPorts.ts';
export { runScenario } from './simulate/runScenario.ts';
export { scenarioFileSchema, type ScenarioFile } from './simulate/scenario.ts';
export { bundledScenarioPath, loadScenarioFile } from './simulate/loadScenarioFile.ts';
