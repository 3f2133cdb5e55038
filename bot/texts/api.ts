/** The intake API's words in chat: the line announcing an issue that came in by another channel. */
import { defineTexts } from "./catalog.ts";

export const apiText = defineTexts<
	| "channel_hotline_12345"
	| "channel_mini_program"
	| "channel_visit"
	| "channel_face_to_face"
	| "channel_superior"
	| "announce_header"
	| "announce_group_dispatched"
	| "announce_group_awaiting"
	| "contact"
>({
	"zh-CN": {
		channel_hotline_12345: "12345热线",
		channel_mini_program: "小程序",
		channel_visit: "走访",
		channel_face_to_face: "政企面对面",
		channel_superior: "上级交办",
		announce_header: "【{channel}】{enterprise}反映的问题：",
		announce_group_dispatched:
			"【{channel}】新登记问题 #{number}（{category}），请{department}受理。\n{deadline}\n问题详情已私信发送给服务办公室和牵头单位，查询进度发「#{short}」。",
		announce_group_awaiting:
			"【{channel}】新登记问题 #{number}（{category}），暂未匹配到责任单位，请{office}派单。\n问题详情已私信发送给服务办公室。",
		contact: "联系人：{contact}",
	},
	en: {
		channel_hotline_12345: "12345 hotline",
		channel_mini_program: "mini-program",
		channel_visit: "visit",
		channel_face_to_face: "face-to-face session",
		channel_superior: "handed down from above",
		announce_header: "[{channel}] raised by {enterprise}:",
		announce_group_dispatched:
			'[{channel}] New issue #{number} ({category}); {department}, please accept.\n{deadline}\nThe details were sent privately to the service office and the lead department; to see progress, send "#{short}".',
		announce_group_awaiting:
			"[{channel}] New issue #{number} ({category}); no department matched yet, {office} please dispatch.\nThe details were sent privately to the service office.",
		contact: "Contact: {contact}",
	},
});
