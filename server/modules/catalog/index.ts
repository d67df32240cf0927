export * from './providers.ts';
export * from './locations.ts';
export * from './services.ts';
