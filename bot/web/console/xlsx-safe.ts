/**
 * Text that people wrote goes into spreadsheets as text, never as a formula: a cell starting with
 * = + - @, a tab or a carriage return is prefixed with an apostrophe (the OWASP advice against CSV and
 * formula injection), so a spreadsheet program, or a CSV saved from it, cannot run it.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export const safeText = (text: string): string =>
	FORMULA_START.test(text) ? `'${text}` : text;

export function safeCell<T>(value: T): T | string {
	return typeof value === "string" ? safeText(value) : value;
}

/** A whole row, each string cell made safe. */
export const safeRow = (values: unknown[]) => values.map(safeCell);
