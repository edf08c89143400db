export * from './config';
export * from './open-event-store';
export * from './shutdown';
