/** A syntax problem at a 1-based line and column of the parsed file. */
export interface ParseProblem {
  message: string;
  line: number;
  column?: number;
  /** `warning` for things parsers accept but users rarely mean (duplicate keys in JSON). */
  severity: 'error' | 'warning';
}

/** A parsed document: plain data plus a way back from a key path to a line. */
export interface Located<T = unknown> {
  value: T | undefined;
  problems: ParseProblem[];
  /** The 1-based line of the value at `path`, or of its nearest existing ancestor. */
  lineOf(path: readonly (string | number)[]): number;
}
