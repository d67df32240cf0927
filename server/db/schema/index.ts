// Every table, for Drizzle and drizzle-kit. Add a new area as its own file and export it here.
export * from './clinic.ts';
export * from './practice.ts';
export * from './inbox.ts';
export * from './realtime.ts';
export * from './automations.ts';
export * from './quickReplies.ts';
export * from './connectors.ts';
export * from './rateLimits.ts';
export * from './audit.ts';
export * from './consents.ts';
