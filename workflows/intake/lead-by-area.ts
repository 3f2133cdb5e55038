/** Routing by locality (属地): a category's lead department may depend on the enterprise's area. */
import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../db/client.ts";
import { enterprises } from "../../db/schema/directory.ts";
import type { CategoryRule } from "./routing-types.ts";

/** The lead for the area the enterprise is in (乡镇/街道/园区), else the category's default lead. */
export function leadForArea(
	category: Pick<CategoryRule, "leadDepartmentId" | "leadByArea">,
	area: string | null | undefined,
): number | null {
	const byArea = category.leadByArea ?? {};
	const local = area ? byArea[area.trim()] : undefined;
	return local ?? category.leadDepartmentId;
}

export async function leadDepartmentFor(
	db: DbOrTx,
	category: CategoryRule | null,
	enterpriseId: number | null | undefined,
): Promise<number | null> {
	if (!category) return null;
	if (!enterpriseId || Object.keys(category.leadByArea ?? {}).length === 0)
		return category.leadDepartmentId;
	const [row] = await db
		.select({ area: enterprises.area })
		.from(enterprises)
		.where(eq(enterprises.id, enterpriseId));
	return leadForArea(category, row?.area);
}
