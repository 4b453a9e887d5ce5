// Writes what src/hardware/schema.ts generates: the JSON Schemas in hw-specs/schemas/ for editors,
// and the precompiled ajv validators in src/hardware/generated/validators.ts for the CLI.
// A test checks the committed files match, so run this (`npm run schemas`) after editing schema.ts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_HW_DIR, PACKAGE_ROOT } from '../src/hardware/catalog.js';
import { schemaFiles } from '../src/hardware/schema-files.js';
import { VALIDATORS_FILE, validatorsModule } from '../src/hardware/validator-code.js';

for (const [name, text] of Object.entries(schemaFiles())) {
  writeFileSync(join(DEFAULT_HW_DIR, 'schemas', name), text);
  console.log(`wrote hw-specs/schemas/${name}`);
}
writeFileSync(join(PACKAGE_ROOT, VALIDATORS_FILE), validatorsModule());
console.log(`wrote ${VALIDATORS_FILE}`);
