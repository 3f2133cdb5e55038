/** What operators are told about the bot's own connections. */
import { defineTexts } from "./catalog.ts";

export const adminText = defineTexts<
	"wechat_logged_out" | "wechat_logged_in" | "platform_down" | "platform_back"
>({
	"zh-CN": {
		wechat_logged_out:
			"亲清的微信账号已退出登录（{detail}）。请打开 {statusUrl} 扫码重新登录；在此之前收不到微信群的消息，待发的回复留在发件箱，登录后补发。",
		wechat_logged_in:
			"亲清的微信账号已重新登录（{user}），发件箱中待发的消息正在补发。",
		platform_down:
			"亲清与{platform}的连接中断（{detail}），正在自动重试。在此之前收不到{platform}的消息，待发的回复留在发件箱，恢复后补发。状态见 {statusUrl}",
		platform_back: "亲清与{platform}的连接已恢复，发件箱中待发的消息正在补发。",
	},
	en: {
		wechat_logged_out:
			"Qinqing's WeChat account logged out ({detail}). Open {statusUrl} and scan the code to log in again; until then WeChat messages are not received, and replies wait in the outbox.",
		wechat_logged_in:
			"Qinqing's WeChat account is logged in again ({user}); replies waiting in the outbox are going out.",
		platform_down:
			"Qinqing lost its connection to {platform} ({detail}) and keeps trying. Until it is back, {platform} messages are not received and replies wait in the outbox. Status: {statusUrl}",
		platform_back:
			"Qinqing is connected to {platform} again; replies waiting in the outbox are going out.",
	},
});

/** Platform names as the admins know them. */
export const PLATFORM_NAMES = {
	wechat: { "zh-CN": "微信", en: "WeChat" },
	slack: { "zh-CN": "Slack", en: "Slack" },
	playground: { "zh-CN": "演示群聊", en: "the playground" },
	wecom: { "zh-CN": "企业微信", en: "WeCom" },
	dingtalk: { "zh-CN": "钉钉", en: "DingTalk" },
	feishu: { "zh-CN": "飞书", en: "Feishu" },
} as const;
