// The string formats of the descriptor schemas: the quantity formats (unit strings parsed with
// mathjs, see units.ts) and ajv-formats' "uri". The precompiled validators (generated/validators.ts)
// import this object, and validator-code.ts registers the same one when it generates them.
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { parseQuantity } from './units.js';
import { QUANTITY_FORMATS, type QuantityFormat } from './schema.js';

export interface FormatDefinition {
  type: 'string';
  validate: (s: string) => boolean;
}

export const formats: Record<QuantityFormat | 'uri', FormatDefinition | ((s: string) => boolean)> = {
  uri: fullFormats.uri as (s: string) => boolean,
  ...(Object.fromEntries(
    (Object.keys(QUANTITY_FORMATS) as QuantityFormat[]).map((f) => [
      f,
      { type: 'string', validate: (s: string) => parseQuantity(s, f).ok },
    ]),
  ) as Record<QuantityFormat, FormatDefinition>),
};
