export * from './build';
export * from './serialize';
