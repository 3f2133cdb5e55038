/** The front page at `/`: where each web page of the bot is, in the deployment's language. */
import { defineTexts } from "./catalog.ts";

export const frontDoorText = defineTexts<
	| "page_title"
	| "heading"
	| "intro"
	| "playground"
	| "playground_about"
	| "board"
	| "board_about"
	| "console"
	| "console_about"
	| "status"
	| "status_about"
	| "api"
	| "api_about"
>({
	"zh-CN": {
		page_title: "亲清 · 政企服务助手",
		heading: "亲清",
		intro:
			"企业在政企工作群里提出问题，亲清把它登记为问题、派给牵头单位、按工作日盯办，并请企业确认和评价。",
		playground: "演练场",
		playground_about:
			"不用账号的网页群聊：选一个身份和一个群，试一试亲清（仅演示）。",
		board: "通报栏",
		board_about: "以督促效：进展滞后的重点问题，适合大厅屏幕，公开只读。",
		console: "工作台",
		console_about: "政府工作人员登录后查看问题、排名、简报和待分拣消息。",
		status: "连接状态",
		status_about: "各聊天平台的连接情况。",
		api: "接口文档",
		api_about: "12345 热线、小程序等渠道登记问题的接口（OpenAPI）。",
	},
	en: {
		page_title: "Qinqing · government–enterprise service bot",
		heading: "Qinqing",
		intro:
			"An enterprise writes its problem in the work group; Qinqing registers it, hands it to the lead department, holds it to a deadline in working days, and asks the enterprise to confirm and rate the result.",
		playground: "Playground",
		playground_about:
			"A web group chat that needs no account: pick a person and a group and try the bot (demo only).",
		board: "Overdue board",
		board_about:
			"Key issues behind schedule, for a lobby screen; public and read-only.",
		console: "Console",
		console_about:
			"For government staff: issues, ranking, briefings and the triage list, after signing in.",
		status: "Connections",
		status_about: "How each chat platform is connected.",
		api: "API reference",
		api_about:
			"The intake API for the 12345 hotline, the mini-program and other channels (OpenAPI).",
	},
});
