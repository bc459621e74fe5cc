import { Command } from 'commander';
import { registerEmulateCommand } from '/work/main/src/cli/emulate.js';
const p = new Command('switchyard');
registerEmulateCommand(p);
await p.parseAsync(process.argv);
console.error('exited cleanly');
