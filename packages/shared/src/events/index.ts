export * from './subjects';
export * from './bus';
export * from './tables';
export * from './outbox';
export * from './consumer';
export * from './envelope';
export * from './contracts';
export * from './retention';
