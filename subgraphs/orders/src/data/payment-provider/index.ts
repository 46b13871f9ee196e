export * from './provider';
export * from './simulated';
export * from './payment-service';
