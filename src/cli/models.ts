// `llmsim models list | show`: the model catalog and Hugging Face config import.
// The catalog is imported when a models command runs, so hw commands do not load it.
import { Command } from 'commander';
import { countParams } from '../workloads/params.js';
import { modelListText, modelText } from '../reports/model-text.js';
import { printJson, type Io } from './io.js';

export function modelsCommand(io: Io): Command {
  const models = new Command('models').description(
    'model architectures: the catalog and Hugging Face config.json import',
  );

  models
    .command('list')
    .description('list catalog models and aliases')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const { catalogModels, modelAliases } = await import('../workloads/models.js');
      const list = catalogModels();
      if (opts.json) {
        printJson(io, {
          models: list.map((m) => ({ ...m, params: countParams(m) })),
          aliases: modelAliases(),
        });
        return;
      }
      io.out(modelListText(list, modelAliases()));
    });

  models
    .command('show')
    .description('show one architecture with its parameter counts')
    .argument('<name>', 'catalog name, alias (e.g. llama-70b), or path to a Hugging Face config.json')
    .option('--json', 'machine-readable output')
    .action(async (name: string, opts: { json?: boolean }) => {
      const { findModel } = await import('../workloads/models.js');
      const m = findModel(name);
      if (opts.json) printJson(io, { model: m, params: countParams(m) });
      else io.out(modelText(m, countParams(m)));
    });
  return models;
}
