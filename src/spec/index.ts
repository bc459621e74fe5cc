export type * from './chat.js';
export type * from './provider.js';
