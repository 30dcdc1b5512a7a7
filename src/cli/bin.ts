// The CLI bundle's entry: bin/lockflow.js requires it and calls runCli().
export { runCli, main } from './main';
