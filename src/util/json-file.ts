// Reads a JSON file so that every later error can name the line a JSON path points at.
import { readFileSync } from 'node:fs';
import { parseTree, findNodeAtLocation, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { InputError, type InputProblem } from '../errors.js';

export interface JsonFile {
  /** the path as the user gave it, for messages */
  file: string;
  value: unknown;
  /** 1-based line of the value at a JSON Pointer (or of its closest existing parent) */
  lineOf(pointer: string): number | undefined;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

export function pointerSegments(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** Parses JSON text (strict: no comments, no trailing commas); throws InputError with the line. */
export function parseJsonText(file: string, text: string): JsonFile {
  const errors: ParseError[] = [];
  const tree: Node | undefined = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const first = errors[0];
    const problem: InputProblem = {
      file,
      path: '',
      message: first
        ? `invalid JSON: ${printParseErrorCode(first.error)} (expected valid JSON; ${(e as Error).message})`
        : `invalid JSON: ${(e as Error).message}`,
    };
    if (first) problem.line = lineAt(text, first.offset);
    throw new InputError(`cannot read ${file}`, [problem]);
  }
  return {
    file,
    value,
    lineOf(pointer: string) {
      if (!tree) return undefined;
      let segs = pointerSegments(pointer);
      // walk up until a node exists: a missing property is reported at its parent object
      for (;;) {
        const node = findNodeAtLocation(tree, segs);
        if (node) {
          const at = node.parent?.type === 'property' ? node.parent.offset : node.offset;
          return lineAt(text, at);
        }
        if (!segs.length) return 1;
        segs = segs.slice(0, -1);
      }
    },
  };
}

export function readJsonFile(file: string): JsonFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, [
      { file, path: '', message: `cannot read the file (${(e as NodeJS.ErrnoException).code ?? 'error'})` },
    ]);
  }
  return parseJsonText(file, text);
}
