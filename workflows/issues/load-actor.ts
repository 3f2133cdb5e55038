import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { departments, people } from "../../db/schema/directory.ts";
import type { Actor } from "../lifecycle/types.ts";

/** The system itself (intake, timers): acts with an administrator's rights, recorded as "system". */
export const SYSTEM_ACTOR: Actor = {
	personId: null,
	label: "system",
	roles: ["admin"],
	departmentId: null,
	officeId: null,
	enterpriseId: null,
	leaderOfDepartmentIds: [],
};

/** A person of the directory as the lifecycle sees them; null when unknown or deactivated. */
export async function loadActor(
	db: DbOrTx,
	personId: number,
): Promise<Actor | null> {
	const [person] = await db
		.select()
		.from(people)
		.where(eq(people.id, personId));
	if (!person?.active) return null;
	const led = await db
		.select({ id: departments.id })
		.from(departments)
		.where(eq(departments.leaderPersonId, personId));
	return {
		personId: person.id,
		label: person.name,
		roles: person.roles,
		departmentId: person.departmentId,
		officeId: person.officeId,
		enterpriseId: person.enterpriseId,
		leaderOfDepartmentIds: led.map((d) => d.id),
	};
}
