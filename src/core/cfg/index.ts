export * from './types';
export { buildCfg } from './build';
export { cfgToText, cfgToMermaid, cfgToJson, blockSummary, itemSummary } from './serialize';
