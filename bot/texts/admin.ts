/** What operators are told about the bot's own connections. */
import { defineTexts } from "./catalog.ts";

export const adminText = defineTexts<"wechat_logged_out" | "wechat_logged_in">({
	"zh-CN": {
		wechat_logged_out:
			"亲清的微信账号已退出登录（{detail}）。请打开 {statusUrl} 扫码重新登录；在此之前收不到微信群的消息，待发的回复留在发件箱，登录后补发。",
		wechat_logged_in:
			"亲清的微信账号已重新登录（{user}），发件箱中待发的消息正在补发。",
	},
	en: {
		wechat_logged_out:
			"Qinqing's WeChat account logged out ({detail}). Open {statusUrl} and scan the code to log in again; until then WeChat messages are not received, and replies wait in the outbox.",
		wechat_logged_in:
			"Qinqing's WeChat account is logged in again ({user}); replies waiting in the outbox are going out.",
	},
});
