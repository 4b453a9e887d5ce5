// Two kinds of failure, two exit codes: bad input (2) and a modeling result that cannot be (1).

/** One problem in one input file, located by JSON path and line. */
export interface InputProblem {
  file: string;
  /** JSON Pointer into the file, e.g. /memory/0/bandwidth/value ("" for the whole file) */
  path: string;
  /** 1-based line, when the file could be read */
  line?: number;
  message: string;
}

export function formatProblem(p: InputProblem): string {
  const where = p.line !== undefined ? `${p.file}:${p.line}` : p.file;
  return `${where}  ${p.path || '(top level)'}: ${p.message}`;
}

/** Bad input from the user: a file, a flag, a name. The CLI exits with 2. */
export class InputError extends Error {
  readonly problems: InputProblem[];
  constructor(message: string, problems: InputProblem[] = []) {
    super(problems.length ? `${message}\n${problems.map((p) => '  ' + formatProblem(p)).join('\n')}` : message);
    this.name = 'InputError';
    this.problems = problems;
  }
}

/** The input is valid but the question has no answer (e.g. the model does not fit). The CLI exits with 1. */
export class ModelingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelingError';
  }
}
