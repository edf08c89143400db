export * from './kafka';
export * from './case-events-relay';
export * from './case-events-consumer';
export * from './latest-per-key-publisher';
