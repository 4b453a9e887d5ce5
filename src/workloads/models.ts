// Finding a model: a catalog name, an alias ("llama-70b"), or a path to a Hugging Face config.json.
import { existsSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { InputError } from '../errors.js';
import { readJsonFile } from '../util/json-file.js';
import { closest } from '../util/did-you-mean.js';
import { MODEL_ALIASES, MODEL_CATALOG } from './model-catalog.js';
import { modelFromHfConfig } from './hf-config.js';
import type { ModelArch } from './model-arch.js';

const BY_NAME = new Map(MODEL_CATALOG.map((m) => [m.name, m]));

export function catalogModels(): readonly ModelArch[] {
  return MODEL_CATALOG;
}

export function modelAliases(): Readonly<Record<string, string>> {
  return MODEL_ALIASES;
}

function looksLikePath(s: string): boolean {
  return s.endsWith('.json') || s.includes('/') || s.includes('\\');
}

/** A model by catalog name or alias, or imported from a config.json path. */
export function findModel(nameOrPath: string): ModelArch {
  const byName = BY_NAME.get(MODEL_ALIASES[nameOrPath] ?? nameOrPath);
  if (byName) return byName;
  if (looksLikePath(nameOrPath)) {
    if (!existsSync(nameOrPath)) throw new InputError(`model file ${nameOrPath} does not exist`);
    const json = readJsonFile(nameOrPath);
    // "…/Llama-2-7b-hf/config.json" → "Llama-2-7b-hf"; "x.config.json" → "x"
    const stem = basename(nameOrPath).replace(/(\.config)?\.json$/, '');
    const name = stem === 'config' ? basename(dirname(nameOrPath)) || 'config' : stem;
    return modelFromHfConfig(json.value, nameOrPath, name);
  }
  const near = closest(nameOrPath, [...BY_NAME.keys(), ...Object.keys(MODEL_ALIASES)]);
  throw new InputError(
    `unknown model "${nameOrPath}"${near.length ? `; did you mean ${near.join(', ')}?` : ''} (see: llmsim models list, or give a path to a Hugging Face config.json)`,
  );
}
