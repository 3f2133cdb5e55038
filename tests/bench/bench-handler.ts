/** The bot's message handling as the bench runs it, in the bench process or a worker process. */
import { createDirectoryCache } from "../../bot/conversation/directory-cache.ts";
import { createMessageHandler } from "../../bot/conversation/handle-message.ts";
import type { InboundHandler } from "../../bot/pipeline/inbound-worker.ts";

export function createBenchHandler(): InboundHandler {
	return createMessageHandler({
		directory: createDirectoryCache(),
		locale: "zh-CN",
		bot: { externalIds: ["qinqing-bot"], names: ["亲清助手"] },
	});
}
