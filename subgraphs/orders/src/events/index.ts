export * from './payloads';
export * from './publish';
