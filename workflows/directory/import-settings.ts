/** The whole-directory documents: routing (urgency words, intake), deadline policy, calendar, escalation. */
import { eq, inArray } from "drizzle-orm";
import type { Tx } from "../../db/client.ts";
import { settings } from "../../db/schema/directory.ts";
import type { DirectoryFile } from "./file-schema.ts";
import { type RoutingSettings, SETTINGS_KEYS } from "./settings-keys.ts";
import { sameValue } from "./sync-by-code.ts";

export interface SettingsCounts {
	/** Keys written because they are new or differ. */
	changed: string[];
	/** Keys removed because the file no longer has the section. */
	removed: string[];
}

export async function syncSettings(
	tx: Tx,
	directory: DirectoryFile,
): Promise<SettingsCounts> {
	const routing: RoutingSettings = {
		urgencyWords: directory.routing.urgency,
		intake: directory.routing.intake,
		examples: directoryExamples(directory),
	};
	const wanted = new Map<string, unknown>([
		[SETTINGS_KEYS.routing, routing],
		[SETTINGS_KEYS.deadlinePolicy, directory.deadlines],
		[SETTINGS_KEYS.calendar, directory.calendar],
		[SETTINGS_KEYS.reports, directory.reports],
	]);
	if (directory.escalation !== undefined && directory.escalation !== null)
		wanted.set(SETTINGS_KEYS.escalation, directory.escalation);
	if (directory.deployment !== undefined)
		wanted.set(SETTINGS_KEYS.deployment, { name: directory.deployment });

	const owned: string[] = Object.values(SETTINGS_KEYS);
	const existing = await tx
		.select()
		.from(settings)
		.where(inArray(settings.key, owned));
	const current = new Map(existing.map((row) => [row.key, row.value]));
	const counts: SettingsCounts = { changed: [], removed: [] };

	for (const [key, value] of wanted) {
		if (current.has(key) && sameValue(current.get(key), value)) continue;
		await tx
			.insert(settings)
			.values({ key, value })
			.onConflictDoUpdate({
				target: settings.key,
				set: { value, updatedAt: new Date() },
			});
		counts.changed.push(key);
	}
	for (const key of current.keys()) {
		if (wanted.has(key)) continue;
		await tx.delete(settings).where(eq(settings.key, key));
		counts.removed.push(key);
	}
	return counts;
}

/** The file's examples with their category named by code, as the intake model trains on them. */
export function directoryExamples(
	directory: DirectoryFile,
): RoutingSettings["examples"] {
	const byName = new Map<string, string>();
	for (const category of directory.routing.categories) {
		byName.set(category.code, category.code);
		byName.set(category.name, category.code);
	}
	return directory.routing.examples.map((example) => ({
		text: example.text,
		categoryCode:
			example.category === undefined
				? null
				: (byName.get(example.category) ?? null),
		urgency: example.urgency ?? null,
	}));
}
