// `llmsim diff`: a suite of scenarios on the hw-specs of a base and a head, and what the change moves.
import { Command, InvalidArgumentError } from 'commander';
import { diffSuite } from '../diff/compare.js';
import { defaultHeadDir, openSide, type HwSide } from '../diff/hw-source.js';
import { SCENARIO_KINDS } from '../diff/scenario-kinds.js';
import { specChanges } from '../diff/spec-changes.js';
import { DEFAULT_SUITE, loadSuite } from '../diff/suite.js';
import { displayPath } from '../hardware/catalog.js';
import { diffCsv, diffJson, diffMarkdown, diffText } from '../reports/diff-report.js';
import { diffHtml, diffInputs } from '../reports/html/diff-html.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { printJson, type Io } from './io.js';
import { REPORT_OPTION, checkReportPath, writeReport } from './report-option.js';

interface DiffOptions {
  base: string;
  head?: string;
  suite?: string;
  repo: string;
  threshold: number;
  markdown?: boolean;
  json?: boolean;
  csv?: string | boolean;
  report?: string;
}

function percent(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`expected a percentage ≥ 0, got "${value}"`);
  return n;
}

export function diffCommand(io: Io): Command {
  return new Command('diff')
    .description(
      'what a hw-specs change moves: a suite of scenarios on the base and the head hardware, largest change first',
    )
    .requiredOption(
      '--base <dir|ref>',
      'the hw-specs before: a directory (holding hw-specs/ or being one) or a git ref',
    )
    .option('--head <dir|ref>', "the hw-specs after (default: the working tree's hw-specs/)")
    .option(
      '--suite <file>',
      `scenarios to run (${SCENARIO_KINDS.join(', ')}); default: the shipped suites/default.json`,
    )
    .option('--repo <dir>', 'the git repository refs are read from', '.')
    .option('--threshold <percent>', 'changes up to this size count as unchanged', percent, 0)
    .option('--markdown', 'a GitHub-flavoured table for a pull-request comment')
    .option('--json', 'machine-readable output')
    .option('--csv [file]', 'one row per scenario and metric, to the file or to stdout')
    .option(...REPORT_OPTION)
    .action((o: DiffOptions) => {
      if (o.report !== undefined) checkReportPath(o.report);
      const suite = loadSuite(o.suite ?? DEFAULT_SUITE);
      const sides: HwSide[] = [];
      try {
        const base = openSide(o.base, o.repo, '--base');
        sides.push(base);
        const head = openSide(o.head ?? defaultHeadDir(o.repo), o.repo, '--head');
        sides.push(head);
        const report = diffSuite({
          suite: { ...suite, file: displayPath(suite.file) },
          base,
          head,
          specChanges: specChanges(base.dir, head.dir),
          thresholdPct: o.threshold,
        });
        if (typeof o.csv === 'string') writeFileAtomic(o.csv, diffCsv(report));
        if (o.json) printJson(io, diffJson(report));
        else if (o.csv === true) io.out(diffCsv(report));
        else if (o.markdown) io.out(diffMarkdown(report));
        else {
          io.out(diffText(report));
          if (typeof o.csv === 'string') io.out(`wrote ${o.csv}\n`);
        }
        if (o.report !== undefined) {
          const inputs = diffInputs(report, suite.file, base, head);
          writeReport(io, o.report, diffHtml(report, inputs), !o.json && o.csv !== true && !o.markdown);
        }
      } finally {
        for (const s of sides) s.close();
      }
    });
}
