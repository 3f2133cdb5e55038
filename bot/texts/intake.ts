/** Words the intake path puts into replies. */
import { defineTexts } from "./catalog.ts";

export const intakeText = defineTexts<
	| "attachments"
	| "urgency_urgent"
	| "urgency_normal"
	| "urgency_complex"
	| "service_office"
>({
	"zh-CN": {
		attachments: (p) => (Number(p.count) > 1 ? `${p.count}个附件` : "附件"),
		urgency_urgent: "紧急",
		urgency_normal: "一般",
		urgency_complex: "复杂",
		service_office: "企业服务办公室",
	},
	en: {
		attachments: (p) =>
			Number(p.count) > 1 ? `${p.count} attachments` : "the attachment",
		urgency_urgent: "urgent",
		urgency_normal: "normal",
		urgency_complex: "complex",
		service_office: "the enterprise service office",
	},
});
