/** Minimal directory rows for the issue DB suites, inserted directly (no importer). */
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import {
	departments,
	enterprises,
	type PersonRole,
	people,
	serviceOffices,
} from "../../db/schema/directory.ts";
import {
	type CreateIssueInput,
	createIssue,
} from "../../workflows/issues/create-issue.ts";
import { calendar, POLICY } from "./lifecycle-fixtures.ts";

async function one<T>(rows: Promise<T[]>): Promise<T> {
	const [row] = await rows;
	if (!row) throw new Error("insert returned nothing");
	return row;
}

/** An office, two enterprises, three departments and the people around them; unique codes per call. */
export async function seedDirectory(db: DbOrTx) {
	const tag = randomBytes(4).toString("hex");
	const office = await one(
		db
			.insert(serviceOffices)
			.values({ code: `office-${tag}`, name: "工业板块" })
			.returning(),
	);
	const enterprise = async (name: string) =>
		one(
			db
				.insert(enterprises)
				.values({ code: `${name}-${tag}`, name, officeId: office.id })
				.returning(),
		);
	const department = async (name: string) =>
		one(
			db
				.insert(departments)
				.values({ code: `${name}-${tag}`, name })
				.returning(),
		);
	const acme = await enterprise("acme");
	const other = await enterprise("other");
	const power = await department("power");
	const water = await department("water");
	const land = await department("land");
	const person = async (
		name: string,
		roles: PersonRole[],
		fields: {
			departmentId?: number;
			officeId?: number;
			enterpriseId?: number;
		} = {},
	) =>
		one(
			db
				.insert(people)
				.values({ code: `${name}-${tag}`, name, roles, ...fields })
				.returning(),
		);
	const ppl = {
		owner: await person("owner", ["enterprise_member"], {
			enterpriseId: acme.id,
		}),
		powerOfficial: await person("power1", ["official"], {
			departmentId: power.id,
		}),
		powerOfficial2: await person("power2", ["official"], {
			departmentId: power.id,
		}),
		waterOfficial: await person("water1", ["official"], {
			departmentId: water.id,
		}),
		officeStaff: await person("desk", ["office_staff"], {
			officeId: office.id,
		}),
		leader: await person("leader", ["leader"]),
	};
	await db
		.update(departments)
		.set({ leaderPersonId: ppl.leader.id })
		.where(eq(departments.id, power.id));
	return { office, acme, other, power, water, land, people: ppl };
}
export type Directory = Awaited<ReturnType<typeof seedDirectory>>;

/** An issue about power, dispatched to the power department with water co-handling. */
export function powerIssueInput(
	dir: Directory,
	now: Date,
	fields: Partial<CreateIssueInput> = {},
): CreateIssueInput {
	return {
		sourceChannel: "playground",
		title: "厂区频繁停电",
		body: "最近一周厂区停电三次，影响生产",
		enterpriseId: dir.acme.id,
		reporterPersonId: dir.people.owner.id,
		officeId: dir.office.id,
		categoryCode: "power",
		leadDepartmentId: dir.power.id,
		coDepartmentIds: [dir.water.id],
		policy: POLICY,
		now,
		calendar,
		...fields,
	};
}

/** `powerIssueInput`'s issue, created in a transaction of its own. */
export function createPowerIssue(
	db: DbOrTx,
	dir: Directory,
	now: Date,
	fields: { leadDepartmentId?: number | null } = {},
) {
	return db.transaction((tx) =>
		createIssue(tx, powerIssueInput(dir, now, fields)),
	);
}
