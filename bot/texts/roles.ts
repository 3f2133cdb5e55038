import type { PersonRole } from "../../db/schema/directory.ts";
import { defineTexts, type Locale } from "./catalog.ts";

const roles = defineTexts<PersonRole>({
	"zh-CN": {
		enterprise_member: "企业",
		official: "经办人",
		office_staff: "企服办",
		leader: "领导",
		supervisor: "督查",
		admin: "管理员",
	},
	en: {
		enterprise_member: "Enterprise",
		official: "Official",
		office_staff: "Service office",
		leader: "Leader",
		supervisor: "Supervisor",
		admin: "Admin",
	},
});

export function roleLabel(locale: Locale, role: PersonRole): string {
	return roles(locale, role);
}
