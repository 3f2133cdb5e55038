/**
 * The directory fields for the people who own an enterprise and for routing by locality (属地), kept
 * apart from file-schema.ts so each extension of the format stays in its own place.
 */
import { z } from "zod";

const personCode = z
	.string()
	.regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "expected a person code");
const departmentCode = z
	.string()
	.regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "expected a department code");

/** Spread into the enterprise's schema. */
export const enterpriseOwnersFields = {
	/** Person code of the enterprise's service specialist (暖企专员). */
	specialist: personCode.optional(),
	/** Person code of the enterprise's 包保 leader (三级包保). */
	baobaoLeader: personCode.optional(),
};

/** Spread into the routing category's schema. */
export const categoryAreaFields = {
	/**
	 * The lead department by the enterprise's area (乡镇/街道/园区, as written in `enterprises[].area`);
	 * an area not listed, or an enterprise without one, gets `lead`.
	 */
	leadByArea: z.record(z.string().trim().min(1), departmentCode).default({}),
};
