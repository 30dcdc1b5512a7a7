import type { Command } from '../command';
import { parseCommand } from './parse';
import { cfgCommand } from './cfg';
import { callgraphCommand } from './callgraph';
import { patchCommand } from './patch';
import { simulateCommand } from './simulate';
import { reviewCommand } from './review';
import { mcpCommand } from './mcp';
import { indexCommand } from './indexTree';

/** Every `lockflow` subcommand, in the order `lockflow --help` lists them. */
export const COMMANDS: Command[] = [reviewCommand, parseCommand, cfgCommand, callgraphCommand, patchCommand, simulateCommand, indexCommand, mcpCommand];
