export * from './config';
export * from './open-storage';
export * from './shutdown';
