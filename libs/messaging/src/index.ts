export * from './kafka';
export * from './case-events-relay';
export * from './case-events-consumer';
