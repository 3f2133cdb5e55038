/** The database id of a directory row by its code (people, departments, offices, enterprises). */
import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import type {
	departments,
	enterprises,
	people,
	serviceOffices,
} from "../../db/schema/directory.ts";

export async function idOf(
	db: DbOrTx,
	table:
		| typeof departments
		| typeof people
		| typeof serviceOffices
		| typeof enterprises,
	code: string,
): Promise<number> {
	const [row] = await db
		.select({ id: table.id })
		.from(table)
		.where(eq(table.code, code));
	if (!row) throw new Error(`no ${code}`);
	return row.id;
}
