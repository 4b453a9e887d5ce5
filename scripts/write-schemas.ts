// Writes the JSON Schemas of src/hardware/schema.ts to hw-specs/schemas/ for editors.
// A test checks the committed files match, so run this after editing schema.ts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_HW_DIR } from '../src/hardware/catalog.js';
import { schemaFiles } from '../src/hardware/schema-files.js';

for (const [name, text] of Object.entries(schemaFiles())) {
  writeFileSync(join(DEFAULT_HW_DIR, 'schemas', name), text);
  console.log(`wrote hw-specs/schemas/${name}`);
}
