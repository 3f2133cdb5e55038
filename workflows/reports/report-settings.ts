/** The list thresholds as the directory file's `reports` section sets them (defaults before any import). */
import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { settings } from "../../db/schema/directory.ts";
import { SETTINGS_KEYS } from "../directory/settings-keys.ts";
import {
	type ListThresholds,
	reportSettingsSchema,
	thresholdsOf,
} from "./lists.ts";

export async function loadListThresholds(db: DbOrTx): Promise<ListThresholds> {
	const [row] = await db
		.select({ value: settings.value })
		.from(settings)
		.where(eq(settings.key, SETTINGS_KEYS.reports));
	return thresholdsOf(reportSettingsSchema.parse(row?.value ?? {}));
}
