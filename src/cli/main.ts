// The llmsim command line: commander parses, the modules compute, reports print. Exit codes:
// 0 success, 1 a modeling error (e.g. does not fit), 2 bad input.
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError, ModelingError } from '../errors.js';
import { PACKAGE_ROOT } from '../hardware/catalog.js';
import { diffCommand } from './diff.js';
import { hwCommand } from './hw.js';
import { modelsCommand } from './models.js';
import { rooflineCommand } from './roofline.js';
import { planCommand } from './plan.js';
import { sweepCommand } from './sweep.js';
import { validateCommand } from './validate.js';
import { processIo, type Io } from './io.js';

export const EXIT = { ok: 0, modeling: 1, input: 2 } as const;

function version(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

export function buildProgram(io: Io): Command {
  const program = new Command('llmsim')
    .description('Analytical performance simulator for LLM inference and training on real and future hardware')
    .version(version())
    .showSuggestionAfterError(true)
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride();
  program.addCommand(hwCommand(io));
  program.addCommand(modelsCommand(io));
  program.addCommand(planCommand(io));
  program.addCommand(rooflineCommand(io));
  program.addCommand(sweepCommand(io));
  program.addCommand(validateCommand(io));
  program.addCommand(diffCommand(io));
  for (const c of program.commands) propagate(c, io);
  return program;
}

/** Subcommands inherit output routing and exitOverride (commander does not copy them). */
function propagate(cmd: Command, io: Io): void {
  cmd.configureOutput({ writeOut: io.out, writeErr: io.err }).exitOverride().showSuggestionAfterError(true);
  for (const c of cmd.commands) propagate(c, io);
}

/** Runs the CLI; returns the exit code instead of exiting, so tests can call it in-process. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv);
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end through here too, with exit code 0
      return e.exitCode === 0 ? EXIT.ok : EXIT.input;
    }
    if (e instanceof InputError) {
      io.err(`llmsim: error: ${e.message}\n`);
      return EXIT.input;
    }
    if (e instanceof ModelingError) {
      io.err(`llmsim: ${e.message}\n`);
      return EXIT.modeling;
    }
    io.err(`llmsim: internal error (a bug; please report it): ${(e as Error).stack ?? String(e)}\n`);
    return EXIT.modeling;
  }
}

// Run when executed directly (`npx tsx src/cli/main.ts ...` in development); bin/llmsim.js imports main().
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv);
}
