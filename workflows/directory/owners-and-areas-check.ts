/**
 * Cross-references of the enterprise owners (specialist, 包保 leader) and of `leadByArea`: each code
 * names an entry of the file, each area is one that some enterprise is in.
 */
import type { Finding } from "./cross-references.ts";
import type { PathSegment } from "./errors.ts";

type Item = Record<string, unknown>;

const asRecord = (value: unknown): Item | undefined =>
	typeof value === "object" && value !== null && !Array.isArray(value)
		? (value as Item)
		: undefined;
const items = (value: unknown): Array<{ index: number; item: Item }> =>
	Array.isArray(value)
		? value.flatMap((raw, index) => {
				const item = asRecord(raw);
				return item ? [{ index, item }] : [];
			})
		: [];
const codesOf = (value: unknown) =>
	new Map(
		items(value).flatMap(({ item }) =>
			typeof item.code === "string" ? [[item.code, item] as const] : [],
		),
	);

export function checkOwnersAndAreas(root: Item): Finding[] {
	const findings: Finding[] = [];
	const people = codesOf(root.people);
	const departments = codesOf(root.departments);
	const enterprises = items(root.enterprises);
	const areas = new Set(
		enterprises.flatMap(({ item }) =>
			typeof item.area === "string" ? [item.area.trim()] : [],
		),
	);

	const person = (path: PathSegment[], value: unknown, what: string) => {
		if (typeof value !== "string") return;
		const found = people.get(value);
		if (!found) {
			findings.push({
				code: "unknown_reference",
				path,
				message: `unknown person "${value}": no entry in people has this code`,
			});
			return;
		}
		const roles = Array.isArray(found.roles) ? found.roles : [];
		if (roles.includes("enterprise_member"))
			findings.push({
				code: "inconsistent",
				path,
				message: `the ${what} "${value}" is an enterprise member; name an official, office staff or leader`,
			});
	};
	for (const { index, item } of enterprises) {
		person(
			["enterprises", index, "specialist"],
			item.specialist,
			"service specialist",
		);
		person(
			["enterprises", index, "baobaoLeader"],
			item.baobaoLeader,
			"包保 leader",
		);
	}

	const routing = asRecord(root.routing) ?? {};
	for (const { index, item } of items(routing.categories)) {
		const byArea = asRecord(item.leadByArea);
		if (!byArea) continue;
		const at: PathSegment[] = ["routing", "categories", index, "leadByArea"];
		for (const [area, code] of Object.entries(byArea)) {
			if (!areas.has(area.trim()))
				findings.push({
					code: "unknown_reference",
					path: at,
					key: area,
					message: `unknown area "${area}": no entry in enterprises has this area`,
				});
			if (typeof code === "string" && !departments.has(code))
				findings.push({
					code: "unknown_reference",
					path: [...at, area],
					message: `unknown department "${code}": no entry in departments has this code`,
				});
		}
	}
	return findings;
}
