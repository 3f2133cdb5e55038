/** The directory as the playground page shows it: everyone with a playground account, and the playground groups. */
import { and, asc, eq } from "drizzle-orm";
import type {
	PlaygroundDirectory,
	PlaygroundPerson,
} from "../adapters/playground/index.ts";
import type { Db } from "../db/client.ts";
import {
	departments,
	enterprises,
	groups,
	type PersonRole,
	people,
	platformIdentities,
	serviceOffices,
} from "../db/schema/directory.ts";
import type { Locale } from "./texts/catalog.ts";
import { roleLabel } from "./texts/roles.ts";

/** The picker lists enterprises first: the playground is mostly for trying the enterprise's side. */
const ROLE_ORDER: PersonRole[] = [
	"enterprise_member",
	"official",
	"office_staff",
	"leader",
	"supervisor",
	"admin",
];

export function createPlaygroundDirectory(
	db: Db,
	locale: Locale,
): PlaygroundDirectory {
	return {
		async listPeople() {
			const rows = await db
				.select({
					externalId: platformIdentities.externalId,
					name: people.name,
					title: people.title,
					roles: people.roles,
					department: departments.name,
					enterprise: enterprises.name,
					office: serviceOffices.name,
				})
				.from(platformIdentities)
				.innerJoin(people, eq(people.id, platformIdentities.personId))
				.leftJoin(departments, eq(departments.id, people.departmentId))
				.leftJoin(enterprises, eq(enterprises.id, people.enterpriseId))
				.leftJoin(serviceOffices, eq(serviceOffices.id, people.officeId))
				.where(
					and(
						eq(platformIdentities.platform, "playground"),
						eq(people.active, true),
					),
				)
				.orderBy(asc(people.id));
			const primaryRole = (roles: PersonRole[]) =>
				ROLE_ORDER.find((role) => roles.includes(role)) ?? "admin";
			return rows
				.map((row) => ({ row, role: primaryRole(row.roles) }))
				.sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role))
				.map(({ row, role }): PlaygroundPerson => {
					const organisation =
						row.enterprise ?? row.department ?? row.office ?? undefined;
					return {
						externalId: row.externalId,
						name: row.name,
						roleLabel: roleLabel(locale, role),
						...(row.title ? { title: row.title } : {}),
						...(organisation ? { organisation } : {}),
					};
				});
		},
		async listGroups() {
			const rows = await db
				.select()
				.from(groups)
				.where(and(eq(groups.platform, "playground"), eq(groups.active, true)))
				.orderBy(asc(groups.id));
			return rows.flatMap((group) =>
				group.conversationId
					? [
							{
								conversationId: group.conversationId,
								name: group.name,
								kind: group.kind,
							},
						]
					: [],
			);
		},
	};
}
