/** One ledger export in a process of its own (bench:ledger-memory): `<database url> <rows>`. */
import { openDatabase } from "../../../db/client.ts";
import { measureLedgerExport } from "./ledger-export.ts";

const [url, rows] = process.argv.slice(2);
if (!url || !rows)
	throw new Error("usage: ledger-export-child <database url> <rows>");
const database = await openDatabase({ url, poolSize: 2 });
try {
	console.log(
		JSON.stringify(await measureLedgerExport(database.db, Number(rows))),
	);
} finally {
	await database.close();
}
