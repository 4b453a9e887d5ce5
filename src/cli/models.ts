import { Command } from 'commander';
import type { Io } from './io.js';
export function modelsCommand(_io: Io): Command {
  return new Command('models');
}
