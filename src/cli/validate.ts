// `llmsim validate`: predict published measurements (validation/ or given case files), print the error.
import { Command } from 'commander';
import { InputError, formatProblem } from '../errors.js';
import { validationCsv, validationJson, validationText } from '../reports/validation-report.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { unknownNameMessage } from '../util/did-you-mean.js';
import { CASE_CATEGORIES } from '../validation/case-format.js';
import { loadCaseFiles, shippedCaseFiles } from '../validation/load-cases.js';
import { predictCase } from '../validation/predict.js';
import { idealCatalog } from '../validation/ideal-catalog.js';
import { loadShippedCatalog } from '../hardware/catalog.js';
import { runValidation } from '../validation/run.js';
import type { CaseCategory } from '../validation/types.js';
import { printJson, type Io } from './io.js';
import { REPORT_OPTION, checkReportPath, writeReport } from './report-option.js';
import { validationHtml, validationInputs } from '../reports/html/validation-html.js';

interface ValidateOptions {
  category?: string;
  ideal?: boolean;
  json?: boolean;
  csv?: string | boolean;
  report?: string;
}

function checkCategory(category: string): CaseCategory {
  if ((CASE_CATEGORIES as readonly string[]).includes(category)) return category as CaseCategory;
  throw new InputError(`--category: ${unknownNameMessage('category', category, CASE_CATEGORIES)}`);
}

export function validateCommand(io: Io): Command {
  return new Command('validate')
    .description('predict published measurements of real systems and print the error (all of validation/ by default)')
    .argument('[files...]', 'case files ({ "cases": [...] }, see validation/README.md); default: the shipped set')
    .option('--category <category>', `only cases of one category: ${CASE_CATEGORIES.join(', ')}`)
    .option('--ideal', 'GenZ-like: datasheet peaks, no efficiency fractions or overheads (shows what calibration buys)')
    .option('--json', 'machine-readable output (errors as fractions)')
    .option('--csv [file]', 'one row per case as CSV, to the file or to stdout')
    .option(...REPORT_OPTION)
    .action((files: string[], o: ValidateOptions) => {
      if (o.report !== undefined) checkReportPath(o.report);
      const category = o.category === undefined ? undefined : checkCategory(o.category);
      const { cases, problems } = loadCaseFiles(files.length ? files : shippedCaseFiles());
      const catalog = o.ideal ? idealCatalog(loadShippedCatalog()) : loadShippedCatalog();
      const selected = category ? cases.filter((c) => c.category === category) : cases;
      const run = runValidation(selected, (c) => predictCase(c, catalog));
      if (typeof o.csv === 'string') writeFileAtomic(o.csv, validationCsv(run));
      if (o.json) printJson(io, validationJson(run, problems));
      else if (o.csv === true) io.out(validationCsv(run));
      else {
        io.out(validationText(run));
        if (typeof o.csv === 'string') io.out(`wrote ${o.csv}\n`);
      }
      if (o.report !== undefined)
        writeReport(
          io,
          o.report,
          validationHtml(run, validationInputs(selected, catalog, o.ideal ?? false)),
          !o.json && o.csv !== true,
        );
      // the valid cases ran; the problems still fail the command
      if (problems.length) {
        for (const p of problems) io.err(formatProblem(p) + '\n');
        throw new InputError(`${problems.length} problem(s) in case files; the ${cases.length} valid case(s) ran`);
      }
    });
}
