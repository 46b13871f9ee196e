export * from './payloads';
export * from './publish';
export * from './delivery-assigned';
export * from './delivery-picked-up';
export * from './delivery-delivered';
export * from './fulfillment-task-created';
export * from './fulfillment-packed';
export * from './orders-confirmed';
