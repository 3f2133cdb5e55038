/** The intake API's words in chat: the line announcing an issue that came in by another channel. */
import { defineTexts } from "./catalog.ts";

export const apiText = defineTexts<
	| "channel_hotline_12345"
	| "channel_mini_program"
	| "channel_visit"
	| "channel_face_to_face"
	| "announce_header"
	| "contact"
>({
	"zh-CN": {
		channel_hotline_12345: "12345热线",
		channel_mini_program: "小程序",
		channel_visit: "走访",
		channel_face_to_face: "政企面对面",
		announce_header: "【{channel}】{enterprise}反映的问题：",
		contact: "联系人：{contact}",
	},
	en: {
		channel_hotline_12345: "12345 hotline",
		channel_mini_program: "mini-program",
		channel_visit: "visit",
		channel_face_to_face: "face-to-face session",
		announce_header: "[{channel}] raised by {enterprise}:",
		contact: "Contact: {contact}",
	},
});
