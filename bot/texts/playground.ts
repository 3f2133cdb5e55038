/** What the playground page says about itself. */
import { defineTexts } from "./catalog.ts";

export const playgroundText = defineTexts<
	"demo_notice" | "demo_clock_advance" | "demo_clock_now"
>({
	"zh-CN": {
		demo_notice:
			"这是演示用的演练场，不是正式渠道：在这里任何人都可以冒充任何身份发言，能打开本页面的人都能看到所有群聊和私聊。请勿在此输入真实的企业信息。",
		demo_clock_advance: "快进 1 个工作日",
		demo_clock_now: "演示时间：{time}",
	},
	en: {
		demo_notice:
			"This is a demo playground: anyone who can open this page can speak as anyone and read every group and private chat. Do not enter real enterprise information here.",
		demo_clock_advance: "Fast-forward 1 working day",
		demo_clock_now: "Demo time: {time}",
	},
});
