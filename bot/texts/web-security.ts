/** What the web surfaces say about access: the login QR code's place, refused and throttled requests. */
import { defineTexts } from "./catalog.ts";

type Key =
	| "status_qr_in_console"
	| "connections_title"
	| "connections_none"
	| "connections_scan"
	| "too_many_requests";

export const webSecurityText = defineTexts<Key>({
	"zh-CN": {
		status_qr_in_console:
			"等待扫码登录。登录二维码只在监督台向管理员和企服办人员显示：{url}",
		connections_title: "聊天平台连接",
		connections_none: "目前没有等待扫码的连接。",
		connections_scan:
			"{platform} 等待扫码登录（{since} 起）。请用亲清的账号扫描下方二维码；扫码即登录该账号，请勿截图外传。",
		too_many_requests: "请求过于频繁，请{seconds}秒后再试。",
	},
	en: {
		status_qr_in_console:
			"Waiting for a scan. The login QR code is shown in the console to administrators and office staff: {url}",
		connections_title: "Chat connections",
		connections_none: "No connection is waiting for a scan.",
		connections_scan:
			"{platform} is waiting for a login scan (since {since}). Scan the code below with Qinqing's account; scanning logs that account in, so do not pass the code on.",
		too_many_requests:
			"Too many requests; please try again in {seconds} seconds.",
	},
});
