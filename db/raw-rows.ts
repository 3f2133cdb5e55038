/** node-postgres and PGlite put a raw statement's rows under `rows`; Db's generic result type does not say so. */
export function rowsOf<T>(result: unknown): T[] {
	return (result as { rows: T[] }).rows;
}
