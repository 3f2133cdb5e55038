/**
 * Checks that the codes a directory file uses name something in it, and that nothing is listed twice.
 * Works on the raw parsed YAML, so that these errors are reported together with type errors; a field of
 * the wrong type is skipped here (the schema reports it).
 */
import {
	type DirectoryErrorCode,
	formatPath,
	type PathSegment,
} from "./errors.ts";
import { checkOwnersAndAreas } from "./owners-and-areas-check.ts";

export interface Finding {
	code: DirectoryErrorCode;
	path: PathSegment[];
	/** Set when the finding is about a mapping key rather than a value (e.g. a category code in deadlines.byCategory). */
	key?: string;
	message: string;
}

type Item = Record<string, unknown>;
interface Entry {
	index: number;
	item: Item;
}

const SECTIONS = {
	offices: "service office",
	departments: "department",
	people: "person",
	enterprises: "enterprise",
	groups: "group",
	categories: "category",
} as const;
type Section = keyof typeof SECTIONS;

const asRecord = (value: unknown): Item | undefined =>
	typeof value === "object" && value !== null && !Array.isArray(value)
		? (value as Item)
		: undefined;
const asString = (value: unknown): string | undefined =>
	typeof value === "string" ? value : undefined;
const entriesOf = (value: unknown): Entry[] =>
	Array.isArray(value)
		? value.flatMap((raw, index) => {
				const item = asRecord(raw);
				return item ? [{ index, item }] : [];
			})
		: [];

export function checkCrossReferences(raw: unknown): Finding[] {
	const root = asRecord(raw) ?? {};
	const routing = asRecord(root.routing) ?? {};
	const findings: Finding[] = [];
	const sections: Record<Section, { path: PathSegment[]; entries: Entry[] }> = {
		offices: { path: ["offices"], entries: entriesOf(root.offices) },
		departments: {
			path: ["departments"],
			entries: entriesOf(root.departments),
		},
		people: { path: ["people"], entries: entriesOf(root.people) },
		enterprises: {
			path: ["enterprises"],
			entries: entriesOf(root.enterprises),
		},
		groups: { path: ["groups"], entries: entriesOf(root.groups) },
		categories: {
			path: ["routing", "categories"],
			entries: entriesOf(routing.categories),
		},
	};

	const known = {} as Record<Section, Map<string, Item>>;
	for (const [section, { path, entries }] of Object.entries(sections) as [
		Section,
		(typeof sections)[Section],
	][]) {
		const seen = new Map<string, number>();
		known[section] = new Map();
		for (const { index, item } of entries) {
			const code = asString(item.code);
			if (code === undefined) continue;
			const first = seen.get(code);
			if (first !== undefined) {
				findings.push({
					code: "duplicate_code",
					path: [...path, index, "code"],
					message: `${SECTIONS[section]} code "${code}" is used twice (first at ${formatAt(path, first)})`,
				});
				continue;
			}
			seen.set(code, index);
			known[section].set(code, item);
		}
	}

	const reference = (path: PathSegment[], value: unknown, section: Section) => {
		const code = asString(value);
		if (code === undefined || known[section].has(code)) return;
		const where = formatAt(sections[section].path);
		findings.push({
			code: "unknown_reference",
			path,
			message: `unknown ${SECTIONS[section]} "${code}": no entry in ${where} has this code`,
		});
	};

	for (const { index, item } of sections.departments.entries) {
		const at = ["departments", index];
		reference([...at, "head"], item.head, "people");
		reference([...at, "leader"], item.leader, "people");
		const leader = known.people.get(asString(item.leader) ?? "");
		if (
			leader &&
			Array.isArray(leader.roles) &&
			!leader.roles.includes("leader")
		) {
			findings.push({
				code: "inconsistent",
				path: [...at, "leader"],
				message: `the leader in charge "${String(item.leader)}" does not have the role "leader"`,
			});
		}
	}
	for (const { index, item } of sections.departments.entries) {
		for (const { path, code } of dutyCodes(item.duty, [
			"departments",
			index,
			"duty",
		])) {
			reference(path, code, "people");
			const person = known.people.get(code);
			if (!person) continue;
			const roles: unknown[] = Array.isArray(person.roles) ? person.roles : [];
			if (!roles.includes("official") || person.department !== item.code) {
				findings.push({
					code: "inconsistent",
					path,
					message: `the duty officer "${code}" is not an official of the department "${String(item.code)}"`,
				});
			}
		}
	}
	for (const { index, item } of sections.people.entries) {
		const at = ["people", index];
		reference([...at, "department"], item.department, "departments");
		reference([...at, "office"], item.office, "offices");
		reference([...at, "enterprise"], item.enterprise, "enterprises");
		findings.push(...checkRoles(at, item));
	}
	for (const { index, item } of sections.enterprises.entries) {
		reference(["enterprises", index, "office"], item.office, "offices");
	}
	for (const { index, item } of sections.groups.entries) {
		reference(["groups", index, "office"], item.office, "offices");
		reference(["groups", index, "department"], item.department, "departments");
		if (item.conversationId === undefined && item.roomTopic === undefined) {
			findings.push({
				code: "invalid",
				path: ["groups", index],
				message: "a group needs a conversationId, a roomTopic, or both",
			});
		}
	}
	for (const { index, item } of sections.categories.entries) {
		const at = ["routing", "categories", index];
		reference([...at, "lead"], item.lead, "departments");
		if (Array.isArray(item.co)) {
			item.co.forEach((code, i) => {
				reference([...at, "co", i], code, "departments");
			});
		}
	}
	const categoryNames = new Set(
		sections.categories.entries.flatMap(({ item }) =>
			[asString(item.code), asString(item.name)].filter(
				(name): name is string => name !== undefined,
			),
		),
	);
	for (const { index, item } of entriesOf(routing.examples)) {
		const category = asString(item.category);
		if (category === undefined || categoryNames.has(category.trim())) continue;
		findings.push({
			code: "unknown_reference",
			path: ["routing", "examples", index, "category"],
			message: `unknown category "${category}": no entry in routing.categories has this code or name`,
		});
	}
	const byCategory = asRecord(asRecord(root.deadlines)?.byCategory) ?? {};
	for (const code of Object.keys(byCategory)) {
		if (known.categories.has(code)) continue;
		findings.push({
			code: "unknown_reference",
			path: ["deadlines", "byCategory"],
			key: code,
			message: `unknown category "${code}": no entry in routing.categories has this code`,
		});
	}

	findings.push(
		...checkIdentities(sections.people.entries, sections.departments.entries),
	);
	findings.push(...checkConversations(sections.groups.entries));
	findings.push(...checkOwnersAndAreas(root));
	return findings;
}

/** Every person code in a department's `duty` (a list, or a rotation of codes and lists of codes). */
function dutyCodes(
	duty: unknown,
	at: PathSegment[],
): { path: PathSegment[]; code: string }[] {
	const codesIn = (value: unknown, path: PathSegment[]) => {
		const code = asString(value);
		if (code !== undefined) return [{ path, code }];
		if (!Array.isArray(value)) return [];
		return value.flatMap((v, i) => {
			const c = asString(v);
			return c === undefined ? [] : [{ path: [...path, i], code: c }];
		});
	};
	if (Array.isArray(duty)) return codesIn(duty, at);
	const rotation = asRecord(duty)?.rotation;
	if (!Array.isArray(rotation)) return [];
	return rotation.flatMap((week, i) => codesIn(week, [...at, "rotation", i]));
}

function checkRoles(at: PathSegment[], person: Item): Finding[] {
	const roles: unknown[] = Array.isArray(person.roles) ? person.roles : [];
	const findings: Finding[] = [];
	const need = (role: string, field: string, what: string) => {
		if (roles.includes(role) && person[field] === undefined) {
			findings.push({
				code: "inconsistent",
				path: [...at, "roles"],
				message: `has the role "${role}" but no ${field}: say which ${what} they belong to`,
			});
		}
	};
	need("enterprise_member", "enterprise", "enterprise");
	need("official", "department", "department");
	need("office_staff", "office", "service office");
	if (person.enterprise !== undefined && !roles.includes("enterprise_member")) {
		findings.push({
			code: "inconsistent",
			path: [...at, "roles"],
			message:
				'belongs to an enterprise but lacks the role "enterprise_member"',
		});
	}
	return findings;
}

/** One platform account belongs to one person or one department. */
function checkIdentities(people: Entry[], departments: Entry[]): Finding[] {
	const findings: Finding[] = [];
	const seen = new Map<string, PathSegment[]>();
	const visit = (section: string, entries: Entry[]) => {
		for (const { index, item } of entries) {
			for (const { index: i, item: identity } of entriesOf(item.identities)) {
				const platform = asString(identity.platform);
				const id = asString(identity.id);
				if (platform === undefined || id === undefined) continue;
				const path = [section, index, "identities", i];
				const key = `${platform}\u0000${id}`;
				const first = seen.get(key);
				if (first) {
					findings.push({
						code: "duplicate_identity",
						path: [...path, "id"],
						message: `the ${platform} account "${id}" is already listed at ${formatPath(first)}`,
					});
				} else seen.set(key, path);
			}
		}
	};
	visit("people", people);
	visit("departments", departments);
	return findings;
}

function checkConversations(groups: Entry[]): Finding[] {
	const findings: Finding[] = [];
	const seen = new Map<string, number>();
	for (const { index, item } of groups) {
		const platform = asString(item.platform);
		const conversationId = asString(item.conversationId);
		if (platform === undefined || conversationId === undefined) continue;
		const key = `${platform}\u0000${conversationId}`;
		const first = seen.get(key);
		if (first === undefined) {
			seen.set(key, index);
			continue;
		}
		findings.push({
			code: "duplicate_identity",
			path: ["groups", index, "conversationId"],
			message: `the ${platform} conversation "${conversationId}" is already the group at groups[${first}]`,
		});
	}
	return findings;
}

function formatAt(path: PathSegment[], index?: number): string {
	return formatPath(index === undefined ? path : [...path, index]);
}
