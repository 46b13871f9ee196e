export * from './payloads';
export * from './publish';
export * from './orders-confirmed';
export * from './orders-status-changed';
