export * from './types';
export { buildCfg } from './build';
export { cfgToText, cfgToMermaid, cfgModel, cfgToJson, blockSummary, itemSummary } from './serialize';
